namespace TaskRunner.Tasks.Usage;

/// <summary>
/// The task a Worker run is doing, visible to code deep in its steps (the LLM client, the embedding step) through an
/// AsyncLocal, with the run's running token totals (what earlier runs stored plus what this run spent).
/// </summary>
public sealed class TaskUsageScope : IDisposable
{
    private static readonly AsyncLocal<TaskUsageScope?> Ambient = new();

    private readonly TaskUsageScope? outer;
    private readonly Dictionary<string, ModelUsage> totals;
    private readonly Lock gate = new();

    private TaskUsageScope(TaskRecord task, IEnumerable<ModelUsage> stored)
    {
        Task = task;
        totals = stored.ToDictionary(u => u.Model, StringComparer.Ordinal);
        outer = Ambient.Value;
        Ambient.Value = this;
    }

    /// <summary>The scope of the run this code belongs to, or null outside a Worker run (an Api request).</summary>
    public static TaskUsageScope? Current => Ambient.Value;

    public TaskRecord Task { get; }

    public static TaskUsageScope Begin(TaskRecord task, IEnumerable<ModelUsage> stored) => new(task, stored);

    public void Add(ModelUsage delta)
    {
        lock (gate)
        {
            totals[delta.Model] = totals.TryGetValue(delta.Model, out var sum) ? sum.Plus(delta) : delta;
        }
    }

    public IReadOnlyList<ModelUsage> Totals()
    {
        lock (gate)
        {
            return [.. totals.Values];
        }
    }

    public void Dispose() => Ambient.Value = outer;
}
