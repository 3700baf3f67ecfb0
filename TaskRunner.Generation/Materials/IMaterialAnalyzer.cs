namespace TaskRunner.Generation.Materials;

/// <summary>Summarises teaching material: with the LLM when one is configured, offline otherwise.</summary>
public interface IMaterialAnalyzer
{
    /// <summary>"llm" or "offline", reported in the task's result.</summary>
    string Name { get; }

    Task<AnalyzedMaterial> AnalyzeAsync(IReadOnlyList<string> chunks, string language, CancellationToken ct);
}

/// <summary>An analysis and the model that wrote it, when one did.</summary>
public sealed record AnalyzedMaterial(MaterialAnalysis Analysis, string? Model);
