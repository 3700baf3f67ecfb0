namespace TaskRunner.Generation.Batches;

/// <summary>Stable codes of batch tasks.</summary>
public static class BatchErrorCodes
{
    /// <summary>Some items failed permanently (the others succeeded); <c>POST /api/v1/batches/{id}/retry</c> runs them again.</summary>
    public const string ItemsFailed = "batch_items_failed";

    /// <summary>The task's batch no longer exists.</summary>
    public const string BatchMissing = "batch_missing";
}
