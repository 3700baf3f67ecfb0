using TaskRunner.Ingestion.Storage;

namespace TaskRunner.Api.Documents;

public sealed record UploadReadResult(StoredFile? File, string FileName, string Title, UploadFailure? Failure)
{
    public static UploadReadResult Fail(int status, string code, string detail) => new(null, "", "", new UploadFailure(status, code, detail));
}
