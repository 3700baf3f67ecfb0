namespace TaskRunner.Api.Documents;

public sealed record UploadFailure(int Status, string Code, string Detail);
