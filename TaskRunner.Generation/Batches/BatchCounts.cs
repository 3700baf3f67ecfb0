namespace TaskRunner.Generation.Batches;

/// <summary>Items of a batch by status, and when the first started and the last finished.</summary>
public sealed record BatchCounts(int Queued, int Running, int Succeeded, int Failed, int Canceled, DateTime? FirstStartedAt, DateTime? LastFinishedAt)
{
    public int Total => Queued + Running + Succeeded + Failed + Canceled;

    public int Done => Succeeded + Failed + Canceled;
}
