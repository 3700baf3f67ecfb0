namespace TaskRunner.Retrieval.Passages;

/// <summary>How each retrieval source ended: it answered, it failed, or its deadline passed first.</summary>
public static class SourceStatus
{
    public const string Ok = "ok";
    public const string Failed = "failed";
    public const string Timeout = "timeout";
}
