using TaskRunner.Tasks;
using TaskRunner.Tasks.Pipelines;

namespace TaskRunner.Generation.Prompts;

/// <summary>The llm.prompt step: streams the completion as token events and ends with the completion and its usage.</summary>
public sealed class CompletePromptStep(IPromptCompleter completer) : IPipelineStep<PromptInput>, IWaitingStep
{
    public async Task RunAsync(TaskRunContext<PromptInput> context, CancellationToken ct)
    {
        await context.ReportAsync("completing", 0.1, "Waiting for the LLM", ct);
        var completion = await completer.CompleteAsync(
            context.Input,
            (text, token) => new ValueTask(context.PublishTextAsync(text, token)),
            (attempt, token) => new ValueTask(context.ReportAsync("completing", 0.1, $"Attempt {attempt}: the reply streams again from the start", token)),
            ct);
        context.ResultJson = TaskJson.Serialize(completion);
        context.ResultMessage = $"Completed by {completion.Model} ({completion.Usage.OutputTokens ?? 0} tokens out).";
    }
}
