namespace TaskRunner.Generation.Llm;

/// <summary>What an LLM call is for; each kind has its own output bound (<see cref="LlmOutputTokens"/>).</summary>
public enum LlmRequestKind
{
    /// <summary>A free-form prompt or batch item.</summary>
    Prompt,

    /// <summary>Writing (or rewriting) a set of exercises.</summary>
    Exercises,

    /// <summary>Grading one short answer.</summary>
    Grading,

    /// <summary>Summarising a material.</summary>
    MaterialAnalysis,
}
