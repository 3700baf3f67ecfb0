namespace TaskRunner.Shared.Parsing;

/// <summary>
/// A permanent failure: the document itself cannot be ingested, so retrying will not help.
/// <see cref="Code"/> is one of <see cref="DocumentErrorCodes"/>; the message is written for the user.
/// </summary>
public sealed class DocumentParseException : Exception
{
    public DocumentParseException(string code, string message)
        : base(message)
    {
        Code = code;
    }

    public DocumentParseException(string code, string message, Exception? innerException)
        : base(message, innerException)
    {
        Code = code;
    }

    public string Code { get; }
}
