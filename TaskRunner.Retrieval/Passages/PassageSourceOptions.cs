namespace TaskRunner.Retrieval.Passages;

/// <summary>Deadlines and weight of the sources the chat gateway's retrieval runs in parallel (section <c>Retrieval:Sources</c>).</summary>
public sealed class PassageSourceOptions
{
    public const string SectionName = "Retrieval:Sources";

    /// <summary>The vector side (embedding the question and searching) gets this long; later it counts as <c>timeout</c>.</summary>
    public int VectorTimeoutMs { get; set; } = 2000;

    public int KeywordTimeoutMs { get; set; } = 2000;

    public int GraphTimeoutMs { get; set; } = 2000;

    /// <summary>The graph's share when its ranking joins the fused vector and keyword rankings (relative fusion: min-max times this).</summary>
    public double GraphWeight { get; set; } = 0.3;
}
