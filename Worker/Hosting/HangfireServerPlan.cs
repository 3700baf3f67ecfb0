using TaskRunner.Tasks;

namespace TaskRunner.Worker.Hosting;

/// <summary>
/// One Hangfire server of a Worker process: the queues it fetches and how many jobs it runs at once. A Worker runs the
/// llm queues on a server of their own when its async executor is on: those jobs only claim a task and hand its waiting
/// step to the executor, so their threads are cheap and many keep a burst of generations moving, while
/// <see cref="WorkerOptions.Count"/> keeps bounding the CPU work (parsing, local embedding) of the other queues.
/// </summary>
public sealed record HangfireServerPlan(string Name, IReadOnlyList<string> Queues, int WorkerCount)
{
    /// <summary>The Hangfire server name of this plan in the Worker <paramref name="identity"/> (Hangfire adds a random suffix to make its id).</summary>
    public string ServerNameFor(string identity) => Name.Length == 0 ? identity : $"{identity}:{Name}";

    public static IReadOnlyList<HangfireServerPlan> For(WorkerOptions worker, int asyncConcurrency)
    {
        var served = worker.ServedQueues;
        string[] waiting = worker.WaitingCount > 0 && asyncConcurrency > 0
            ? [.. served.Where(q => TaskQueues.FamilyOf(q) == TaskQueues.Llm)]
            : [];
        string[] rest = [.. served.Except(waiting, StringComparer.Ordinal)];
        var plans = new List<HangfireServerPlan>(2);
        if (rest.Length > 0)
        {
            plans.Add(new HangfireServerPlan("", rest, worker.Count));
        }

        if (waiting.Length > 0)
        {
            plans.Add(new HangfireServerPlan(TaskQueues.Llm, waiting, worker.WaitingCount));
        }

        return plans;
    }
}
