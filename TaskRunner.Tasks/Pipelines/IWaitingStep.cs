namespace TaskRunner.Tasks.Pipelines;

/// <summary>
/// Marks a step that spends its time waiting on the network or a timer (LLM calls, remote services), not on the CPU.
/// A Worker runs such a step on its async executor, many at once, instead of holding a Hangfire worker thread for
/// it; steps without the mark (parsing, local embedding) run on the Hangfire thread that fetched their job.
/// </summary>
public interface IWaitingStep;

/// <summary>
/// A step that waits for some inputs and not for others (a no-op of 0 ms only costs engine work): the Worker hands it to
/// the async executor only when <see cref="WaitsFor"/> says this input makes it wait.
/// </summary>
public interface IWaitingStep<in TInput> : IWaitingStep
    where TInput : class
{
    bool WaitsFor(TInput input);
}
