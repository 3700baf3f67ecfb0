using TaskRunner.Tasks;

namespace TaskRunner.Ingestion.Parsing;

/// <summary>
/// A permanent failure: the document itself cannot be ingested, so retrying will not help.
/// The code is one of <see cref="DocumentErrorCodes"/>; the message is written for the user.
/// </summary>
public sealed class DocumentParseException(string code, string message, Exception? innerException = null)
    : TaskRunnerException(code, message, isTransient: false, innerException);
