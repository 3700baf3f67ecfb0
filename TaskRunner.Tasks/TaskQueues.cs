namespace TaskRunner.Tasks;

/// <summary>
/// Hangfire queues, one per kind of work, so ops can scale each with its own worker replicas.
/// Hangfire.PostgreSql fetches a server's queues in alphabetical order, not in the order configured;
/// the names are chosen so that this order is also the priority we want within one server (cheap steps first).
/// </summary>
public static class TaskQueues
{
    public const string Default = "default";
    public const string Embed = "embed";
    public const string Ingest = "ingest";
    public const string Llm = "llm";

    public static readonly IReadOnlyList<string> All = [Default, Embed, Ingest, Llm];
}
