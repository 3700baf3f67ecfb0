using TaskRunner.Tasks;
using TaskRunner.Tasks.Pipelines;

namespace TaskRunner.Generation.Prompts;

/// <summary>The generic LLM task type: one prompt (batches are <c>BatchTasks</c>).</summary>
public static class PromptTasks
{
    /// <summary>Completes one prompt; its events stream the tokens, its result holds the completion and usage.</summary>
    public static readonly TaskDefinition<PromptInput> Complete = TaskDefinition.For<PromptInput>("llm.prompt")
        .Then<CompletePromptStep>(TaskQueues.Llm);
}
