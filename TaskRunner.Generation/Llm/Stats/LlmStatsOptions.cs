using System.ComponentModel.DataAnnotations;

namespace TaskRunner.Generation.Llm.Stats;

/// <summary>The live LLM figures: how far back they look and how many samples per model Redis keeps.</summary>
public sealed class LlmStatsOptions
{
    public const string SectionName = "LlmStats";

    [Range(10, 86_400)]
    public int WindowSeconds { get; set; } = 300;

    /// <summary>Samples kept per model (a capped Redis list); calls beyond it within the window are left out of the figures.</summary>
    [Range(100, 1_000_000)]
    public int MaxSamplesPerModel { get; set; } = 20_000;
}
