namespace TaskRunner.Ingestion.Parsing;

/// <summary>Either a <see cref="Kind"/> to parse with, or an <see cref="ErrorCode"/> and a message for the user.</summary>
public sealed record DocumentTypeDetection(DocumentKind? Kind, string? ErrorCode, string? Message)
{
    public bool IsSupported => Kind is not null;

    public static DocumentTypeDetection Supported(DocumentKind kind) => new(kind, null, null);

    public static DocumentTypeDetection Rejected(string errorCode, string message) => new(null, errorCode, message);
}
