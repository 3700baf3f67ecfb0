using TaskRunner.Bench.Measurement;

namespace TaskRunner.Bench.Scenarios;

/// <summary>Scenario 2: <c>GET /api/v1/tasks/{id}</c> on tasks from scenario 1, against the bare endpoint's primary-key select.</summary>
public static class StatusScenario
{
    public const string Name = "2. Status polling";

    public static async Task<IReadOnlyList<ScenarioResult>> RunAsync(BenchRun run, CancellationToken ct)
    {
        var tasks = run.EnqueuedTaskIds.ToArray();
        var rows = run.ReferenceRowIds.ToArray();
        if (tasks.Length == 0 || rows.Length == 0)
        {
            throw new InvalidOperationException("The enqueue scenario created no tasks to poll.");
        }

        var results = new List<ScenarioResult>();
        var total = run.Options.StatusRequestsPerLevel;
        await LoadRunner.RunAsync(50, 8, (i, token) => run.Platform.GetTaskAsync(tasks[i % tasks.Length], token), ct);
        foreach (var concurrency in run.Options.Concurrencies)
        {
            var platform = await LoadRunner.RunAsync(total, concurrency, (i, token) => run.Platform.GetTaskAsync(tasks[i % tasks.Length], token), ct);
            var bare = await LoadRunner.RunAsync(total, concurrency, async (i, token) =>
            {
                using var response = await run.BareClient.GetAsync($"/rows/{rows[i % rows.Length]}", token);
                response.EnsureSuccessStatusCode();
                await response.Content.ReadAsStringAsync(token);
            }, ct);
            results.Add(Row.Of(Name, $"GET /api/v1/tasks/{{id}}, {total} requests over {tasks.Length} tasks", concurrency, platform,
                new ReferenceResult("bare Kestrel + one primary-key select", bare.Wall.TotalSeconds, bare.Succeeded, bare.PerSecond, bare.Latency)));
        }

        return results;
    }
}
