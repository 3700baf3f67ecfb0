namespace TaskRunner.Tasks;

/// <summary>
/// Which steps each task type runs, in order, and on which queue. The Api uses it to enqueue the first step;
/// the Worker runs steps by name and hands the task over when the next step lives on another queue.
/// </summary>
public static class TaskPipelines
{
    private static readonly Dictionary<string, PipelineStepDefinition[]> Pipelines = new(StringComparer.Ordinal)
    {
        [TaskTypes.IngestDocument] = [new("extract", TaskQueues.Ingest), new("embed", TaskQueues.Embed)],
        [TaskTypes.Noop] = [new("wait", TaskQueues.Default)],
        [TaskTypes.GenerateExercises] = [new("generate", TaskQueues.Llm)],
        [TaskTypes.GradeSubmission] = [new("grade", TaskQueues.Llm)],
        [TaskTypes.AnalyzeMaterial] = [new("analyze", TaskQueues.Llm)],
        [TaskTypes.DeleteDocument] = [new("delete", TaskQueues.Ingest)],
        [TaskTypes.ReconcileVectors] = [new("reconcile", TaskQueues.Embed)],
    };

    public static bool IsKnown(string taskType) => Pipelines.ContainsKey(taskType);

    public static IReadOnlyList<PipelineStepDefinition> StepsOf(string taskType) =>
        Pipelines.TryGetValue(taskType, out var steps) ? steps : throw new ArgumentException($"Unknown task type '{taskType}'.", nameof(taskType));

    public static string FirstQueueOf(string taskType) => StepsOf(taskType)[0].Queue;
}
