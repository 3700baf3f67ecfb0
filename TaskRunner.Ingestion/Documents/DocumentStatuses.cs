namespace TaskRunner.Ingestion.Documents;

public static class DocumentStatuses
{
    public const string Pending = "pending";
    public const string Ready = "ready";
    public const string Failed = "failed";
    public const string Deleting = "deleting";
}
