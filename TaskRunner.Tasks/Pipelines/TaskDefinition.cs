using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace TaskRunner.Tasks.Pipelines;

/// <summary>
/// A kind of work, declared once: its type name (stored in <c>tasks.type</c>), its input record and its steps with
/// the queue each runs on. The Api submits it by this object; the Worker runs it by name through the
/// <see cref="TaskCatalog"/>. Declare one as a static field:
/// <code>public static readonly TaskDefinition&lt;NoopTaskInput&gt; Noop = TaskDefinition.For&lt;NoopTaskInput&gt;("diagnostics.noop").Then&lt;WaitStep&gt;(TaskQueues.Default);</code>
/// </summary>
public abstract class TaskDefinition
{
    private protected TaskDefinition(string name, IReadOnlyList<StepDefinition> steps)
    {
        Name = name;
        Steps = steps;
    }

    public string Name { get; }

    public IReadOnlyList<StepDefinition> Steps { get; }

    public abstract Type InputType { get; }

    public string FirstQueue => Steps.Count > 0 ? Steps[0].Queue : throw new InvalidOperationException($"Task type '{Name}' declares no step.");

    /// <summary>Starts a typed declaration; add steps with <see cref="TaskDefinition{TInput}.Then{TStep}"/>.</summary>
    public static TaskDefinition<TInput> For<TInput>(string name)
        where TInput : class => new(name, []);

    /// <summary>Reads the task's stored input as this type's record; unreadable input fails the task with <c>invalid_input</c>.</summary>
    public abstract TaskRunContext CreateContext(TaskRecord task, TaskTracker tracker, ILogger logger);

    /// <summary>
    /// Whether step <paramref name="index"/> of <paramref name="task"/> waits rather than computes (<see cref="IWaitingStep"/>),
    /// so the Worker may run it on its async executor; a step that waits only for some inputs is asked about this one.
    /// </summary>
    public abstract bool StepWaits(IServiceProvider services, int index, TaskRecord task);

    /// <summary>Resolves step <paramref name="index"/> from <paramref name="services"/> and runs it.</summary>
    public abstract Task RunStepAsync(IServiceProvider services, int index, TaskRunContext context, CancellationToken ct);

    /// <summary>Tells step <paramref name="index"/> that the task failed for good while it ran (see <see cref="IPipelineStep{TInput}.OnFailedAsync"/>).</summary>
    public abstract Task OnStepFailedAsync(IServiceProvider services, int index, TaskRecord task, TaskError error, Fencing.TaskFence fence, CancellationToken ct);

    public override string ToString() => Name;
}

/// <summary>A task type whose input is <typeparamref name="TInput"/>.</summary>
public sealed class TaskDefinition<TInput> : TaskDefinition
    where TInput : class
{
    internal TaskDefinition(string name, IReadOnlyList<StepDefinition> steps)
        : base(name, steps)
    {
    }

    public override Type InputType => typeof(TInput);

    /// <summary>Appends a step that runs on <paramref name="queue"/> (one of <see cref="TaskQueues.All"/>).</summary>
    public TaskDefinition<TInput> Then<TStep>(string queue)
        where TStep : class, IPipelineStep<TInput>
    {
        if (!TaskQueues.All.Contains(queue))
        {
            throw new ArgumentException($"Task type '{Name}' puts {typeof(TStep).Name} on unknown queue '{queue}'.", nameof(queue));
        }

        return new TaskDefinition<TInput>(Name, [.. Steps, new StepDefinition(StepDefinition.NameOf(typeof(TStep)), queue, typeof(TStep))]);
    }

    public override TaskRunContext CreateContext(TaskRecord task, TaskTracker tracker, ILogger logger)
    {
        TInput? input;
        try
        {
            input = typeof(TInput) == typeof(NoInput) ? (TInput)(object)NoInput.Value : TaskJson.Deserialize<TInput>(task.Input);
        }
        catch (System.Text.Json.JsonException ex)
        {
            throw new PermanentTaskException(TaskErrorCodes.InvalidInput, $"The task's input is not a valid {typeof(TInput).Name}.", ex);
        }

        return new TaskRunContext<TInput>(task, input ?? throw new PermanentTaskException(TaskErrorCodes.InvalidInput, $"The task has no {typeof(TInput).Name} input."),
            tracker, TimeSpan.FromSeconds(1), logger);
    }

    public override bool StepWaits(IServiceProvider services, int index, TaskRecord task)
    {
        var step = Steps[index];
        if (!step.Waits || !typeof(IWaitingStep<TInput>).IsAssignableFrom(step.StepType))
        {
            return step.Waits;
        }

        TInput? input;
        try
        {
            input = TaskJson.Deserialize<TInput>(task.Input);
        }
        catch (System.Text.Json.JsonException)
        {
            // The run on the Hangfire thread fails it with invalid_input (CreateContext).
            return false;
        }

        return input is not null && ((IWaitingStep<TInput>)services.GetRequiredService(step.StepType)).WaitsFor(input);
    }

    public override Task RunStepAsync(IServiceProvider services, int index, TaskRunContext context, CancellationToken ct)
    {
        var step = (IPipelineStep<TInput>)services.GetRequiredService(Steps[index].StepType);
        // The step's async flow keeps the priority it starts with; restoring it here does not reach into the step.
        using (AmbientTaskPriority.Enter(context.Task.RunPriority))
        {
            return step.RunAsync((TaskRunContext<TInput>)context, ct);
        }
    }

    public override Task OnStepFailedAsync(IServiceProvider services, int index, TaskRecord task, TaskError error, Fencing.TaskFence fence, CancellationToken ct) =>
        ((IPipelineStep<TInput>)services.GetRequiredService(Steps[index].StepType)).OnFailedAsync(task, error, fence, ct);
}
