namespace TaskRunner.Retrieval;

/// <summary>How hybrid retrieval fuses its vector and keyword rankings (section <c>Retrieval</c>).</summary>
public sealed class RetrievalOptions
{
    public const string SectionName = "Retrieval";

    /// <summary>
    /// relative (default): each side's scores are min-max normalised over its hits and mixed by <see cref="VectorWeight"/>,
    /// so how far apart the hits are counts: a clear winner on one side keeps its lead, a near tie is decided by the other side.
    /// rrf: reciprocal rank fusion, Σ 1 / (60 + rank), which sees only ranks, so a chunk found by both sides beats a clear
    /// winner found by one (on the evaluation set it cost MiniLM's English queries about 0.07 MRR; bench scenario 8).
    /// </summary>
    public string Fusion { get; set; } = RankFusion.Relative;

    /// <summary>Share of the vector side in relative fusion, 0 to 1 (the keyword side gets the rest). See bench scenario 8.</summary>
    public double VectorWeight { get; set; } = 0.6;
}
