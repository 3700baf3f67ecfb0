namespace TaskRunner.Tasks.Usage;

/// <summary>A task's cost so far: from the running totals inside its own run, else from its stored usage.</summary>
public sealed class TaskCosts(UsageStore store, CostCalculator calculator)
{
    /// <summary>The cost of a task that has spent nothing yet.</summary>
    public TaskCost Nothing => TaskCost.Zero(calculator.Currency);

    public async ValueTask<TaskCost> ForTaskAsync(TaskRecord task, CancellationToken ct)
    {
        if (TaskUsageScope.Current is { } scope && scope.Task.Id == task.Id)
        {
            return calculator.Price(scope.Totals());
        }

        // A task that has never been claimed has spent nothing: no query on the submit path.
        return task.Runs == 0 ? Nothing : calculator.Price(await store.ListForTaskAsync(task.Id, ct));
    }
}
