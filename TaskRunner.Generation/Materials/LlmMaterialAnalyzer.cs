using TaskRunner.Generation.Llm;
using TaskRunner.Tasks;

namespace TaskRunner.Generation.Materials;

/// <summary>Asks the LLM for the analysis; an unreadable reply is retried as a transient failure.</summary>
public sealed class LlmMaterialAnalyzer(ILlmClient llm) : IMaterialAnalyzer
{
    public string Name => "llm";

    public async Task<AnalyzedMaterial> AnalyzeAsync(IReadOnlyList<string> chunks, string language, CancellationToken ct)
    {
        var completion = await llm.CompleteChatAsync(MaterialAnalysisPrompt.Build(chunks, language), ct);
        return MaterialAnalysisPrompt.TryParse(completion.Text, out var analysis)
            ? new AnalyzedMaterial(analysis, completion.Model)
            : throw new TransientTaskException(LlmErrorCodes.InvalidReply, "The LLM's analysis reply had no readable summary.");
    }
}
