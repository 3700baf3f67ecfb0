using TaskRunner.Tasks;
using TaskRunner.Tasks.Pipelines;

namespace TaskRunner.Generation.Batches;

public static class BatchTasks
{
    /// <summary>Completes the items of a batch concurrently under the global LLM limit; each item's result is kept as it completes.</summary>
    public static readonly TaskDefinition<BatchInput> Run = TaskDefinition.For<BatchInput>("llm.batch")
        .Then<RunBatchStep>(TaskQueues.Llm);
}
