namespace TaskRunner.Tasks;

/// <summary>
/// Hangfire queues, one family per kind of work, so ops can scale each with its own worker replicas. Each family has
/// three queues, one per <see cref="TaskPriority"/>: <c>0_high_llm</c>, <c>llm</c> (normal, the family's own name) and
/// <c>z_low_llm</c>.
/// Hangfire.PostgreSql fetches a server's queues in alphabetical order (<c>order by queue, jobid</c>), not in the order
/// configured; the names are chosen so that this order is also the priority we want within one server: every high
/// queue first (a digit sorts before letters, in byte and in linguistic collations), then the normal queues (cheap
/// steps first), then every low queue (<c>z_</c>).
/// </summary>
public static class TaskQueues
{
    public const string Default = "default";
    public const string Embed = "embed";
    public const string Ingest = "ingest";
    public const string Llm = "llm";

    private const string HighPrefix = "0_high_";
    private const string LowPrefix = "z_low_";

    /// <summary>The queue families, which steps declare; a family's name is also its normal-priority queue.</summary>
    public static readonly IReadOnlyList<string> All = [Default, Embed, Ingest, Llm];

    /// <summary>Every queue a Worker can serve: each family's high, normal and low queue.</summary>
    public static readonly IReadOnlyList<string> WithPriorities = [.. All.SelectMany(PrioritiesOf)];

    /// <summary>The queue of <paramref name="family"/> that serves <paramref name="priority"/>.</summary>
    public static string ForPriority(string family, TaskPriority priority) => priority switch
    {
        TaskPriority.High => HighPrefix + family,
        TaskPriority.Low => LowPrefix + family,
        _ => family,
    };

    /// <summary>A family's three queues, highest priority first.</summary>
    public static IEnumerable<string> PrioritiesOf(string family) =>
        [ForPriority(family, TaskPriority.High), family, ForPriority(family, TaskPriority.Low)];

    /// <summary>The family of a queue: <c>0_high_llm</c> and <c>z_low_llm</c> belong to <c>llm</c>.</summary>
    public static string FamilyOf(string queue) =>
        queue.StartsWith(HighPrefix, StringComparison.Ordinal) ? queue[HighPrefix.Length..]
        : queue.StartsWith(LowPrefix, StringComparison.Ordinal) ? queue[LowPrefix.Length..]
        : queue;

    /// <summary>
    /// The queues a Worker configured with <paramref name="configured"/> serves: a family name stands for its three
    /// priority queues, so existing <c>--queues llm</c> settings serve high and low work too; a priority queue named
    /// on its own (<c>0_high_llm</c>) is served alone, for Workers reserved to one priority.
    /// </summary>
    public static IReadOnlyList<string> Expand(IEnumerable<string> configured) =>
        configured.SelectMany(q => All.Contains(q) ? PrioritiesOf(q) : [q]).Distinct().ToArray();
}
