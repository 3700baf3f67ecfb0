using System.ComponentModel.DataAnnotations;

namespace TaskRunner.Ingestion.Chunking;

/// <summary>Chunk size and overlap, in the units of the registered <see cref="ITokenCounter"/>.</summary>
public sealed class ChunkingOptions : IValidatableObject
{
    public const string SectionName = "Chunking";

    [Range(16, 100_000)]
    public int MaxTokens { get; set; } = 400;

    [Range(0, 100_000)]
    public int OverlapTokens { get; set; } = 50;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (OverlapTokens >= MaxTokens)
        {
            yield return new ValidationResult(
                $"{SectionName}:{nameof(OverlapTokens)} ({OverlapTokens}) must be smaller than {SectionName}:{nameof(MaxTokens)} ({MaxTokens}).",
                [nameof(OverlapTokens), nameof(MaxTokens)]);
        }
    }
}
