using TaskRunner.Tasks.Pipelines;

namespace TaskRunner.Tasks.Diagnostics;

/// <summary>
/// The diagnostics.noop task: waits for its duration in a few steps, reporting progress after each but the last. A wait of some length
/// is a timer, so it goes to the async executor like an LLM call; a zero-length no-op measures the engine's own cost per
/// task and runs on its Hangfire thread, since the executor would only add a second job state change.
/// </summary>
public sealed class WaitStep : IPipelineStep<NoopTaskInput>, IWaitingStep<NoopTaskInput>
{
    public bool WaitsFor(NoopTaskInput input) => input.DurationMs > 0;

    public async Task RunAsync(TaskRunContext<NoopTaskInput> context, CancellationToken ct)
    {
        var input = context.Input;
        var steps = Math.Max(1, input.Steps);
        for (var i = 1; i <= steps; i++)
        {
            if (input.DurationMs > 0)
            {
                await Task.Delay(input.DurationMs / steps, ct);
            }

            if (i < steps)
            {
                // After the last step the task succeeds, which reports 100 %: that step needs no report of its own.
                await context.ReportAsync("waiting", (double)i / steps, $"Step {i} of {steps}", ct);
            }
        }

        // No process id or host name: results are visible to clients, and they need not know how workers are laid out.
        context.ResultJson = $$"""{"waitedMs":{{input.DurationMs}},"steps":{{steps}}}""";
    }
}
