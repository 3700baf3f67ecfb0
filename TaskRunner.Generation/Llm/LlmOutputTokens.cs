namespace TaskRunner.Generation.Llm;

/// <summary>
/// The <c>max_tokens</c> sent with each kind of LLM call (Llm__MaxOutputTokens__&lt;Kind&gt;), so no reply runs on
/// unbounded. A prompt that names its own maxTokens keeps it (the Api caps that at 32768).
/// </summary>
public sealed class LlmOutputTokens
{
    /// <summary>Up to 50 exercises of a few hundred tokens each.</summary>
    public int Exercises { get; set; } = 16_384;

    /// <summary>A score and a short feedback paragraph.</summary>
    public int Grading { get; set; } = 1_024;

    /// <summary>A summary, key points and a difficulty.</summary>
    public int MaterialAnalysis { get; set; } = 2_048;

    /// <summary>A free-form prompt that does not name its own maxTokens.</summary>
    public int Prompt { get; set; } = 4_096;

    public int For(LlmRequestKind kind) => kind switch
    {
        LlmRequestKind.Exercises => Exercises,
        LlmRequestKind.Grading => Grading,
        LlmRequestKind.MaterialAnalysis => MaterialAnalysis,
        _ => Prompt,
    };

    internal IEnumerable<(string Name, int Value)> All() =>
        [(nameof(Exercises), Exercises), (nameof(Grading), Grading), (nameof(MaterialAnalysis), MaterialAnalysis), (nameof(Prompt), Prompt)];
}
