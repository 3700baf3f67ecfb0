using Microsoft.Extensions.Logging;

namespace TaskRunner.Tasks.Usage;

/// <summary>
/// Where LLM and embedding calls report the tokens they spent. Inside a Worker run (<see cref="TaskUsageScope"/>) the
/// tokens are added to the task's usage row at once, so a crash loses nothing already paid for; outside one (an Api
/// search embedding its query) nothing is recorded.
/// </summary>
public sealed partial class TaskUsageRecorder(UsageStore store, ILogger<TaskUsageRecorder> logger)
{
    public async ValueTask RecordAsync(ModelUsage usage, CancellationToken ct)
    {
        if (TaskUsageScope.Current is not { } scope || usage.InputTokens + usage.OutputTokens + usage.EmbeddingTokens == 0)
        {
            return;
        }

        scope.Add(usage);
        try
        {
            await store.AddAsync(scope.Task, usage, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Accounting must not fail the work it accounts for; the run's totals still carry the tokens.
            LogUsageLost(ex, scope.Task.Id, usage.Model);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Token usage of task {TaskId} on {Model} could not be stored")]
    private partial void LogUsageLost(Exception ex, Guid taskId, string model);
}
