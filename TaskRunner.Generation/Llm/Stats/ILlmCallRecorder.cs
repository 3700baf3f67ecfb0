namespace TaskRunner.Generation.Llm.Stats;

/// <summary>Where the LLM client leaves a sample of every call it finishes (for <c>GET /api/v1/llm/stats</c>).</summary>
public interface ILlmCallRecorder
{
    /// <summary>Records a call; best effort, never throws and never holds the caller up for long.</summary>
    ValueTask RecordAsync(LlmCallSample sample, CancellationToken ct);
}
