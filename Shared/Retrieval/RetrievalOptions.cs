namespace TaskRunner.Shared.Retrieval;

/// <summary>How hybrid retrieval fuses its vector and keyword rankings (section <c>Retrieval</c>).</summary>
public sealed class RetrievalOptions
{
    public const string SectionName = "Retrieval";

    /// <summary>
    /// relative (default): each side's scores are min-max normalised over its hits and mixed by <see cref="VectorWeight"/>,
    /// so a side whose hits barely differ (a model that does not know the query's language) counts for little.
    /// rrf: reciprocal rank fusion, Σ 1 / (60 + rank), which weighs both sides' rankings equally whatever their scores.
    /// </summary>
    public string Fusion { get; set; } = RankFusion.Relative;

    /// <summary>Share of the vector side in relative fusion, 0 to 1 (the keyword side gets the rest). See bench scenario 8.</summary>
    public double VectorWeight { get; set; } = 0.6;
}
