using System.ComponentModel.DataAnnotations;

namespace TaskRunner.Tasks.Usage;

/// <summary>
/// The price table: <c>Pricing__Currency</c> and, per model name as the LLM or embedding provider reports it,
/// <c>Pricing__Models__&lt;model&gt;__InputPerMillion</c>, <c>OutputPerMillion</c> and <c>EmbeddingPerMillion</c>.
/// A model missing from the table costs nothing and is listed as unpriced.
/// </summary>
public sealed class PricingOptions : IValidatableObject
{
    public const string SectionName = "Pricing";

    [Required]
    [StringLength(8, MinimumLength = 1)]
    public string Currency { get; set; } = "USD";

    public Dictionary<string, ModelPrice> Models { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext) =>
        Models.Where(m => m.Value.InputPerMillion < 0 || m.Value.OutputPerMillion < 0 || m.Value.EmbeddingPerMillion < 0)
            .Select(m => new ValidationResult($"Pricing:Models:{m.Key} has a negative price.", [nameof(Models)]));
}
