namespace TaskRunner.Tasks.Usage;

/// <summary>Prices of one model per million tokens (<c>Pricing__Models__&lt;model&gt;__InputPerMillion</c> …).</summary>
public sealed class ModelPrice
{
    public decimal InputPerMillion { get; set; }

    public decimal OutputPerMillion { get; set; }

    public decimal EmbeddingPerMillion { get; set; }
}
