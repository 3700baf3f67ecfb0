using Microsoft.Extensions.Options;
using TaskRunner.Generation.Llm;
using TaskRunner.Generation.Prompts;
using TaskRunner.Tasks;
using TaskRunner.Tasks.Pipelines;

namespace TaskRunner.Generation.Batches;

/// <summary>
/// The llm.batch step: completes the batch's unfinished items concurrently (at most Llm:MaxConcurrency at once from
/// this run; the shared limiter bounds every process together), writing each item's outcome as it completes, fenced
/// on the run. An item the provider rejects fails alone; anything else (no LLM configured, the database gone) stops
/// the batch and is decided by the retry policy, and a re-run skips the items already finished.
/// </summary>
public sealed class RunBatchStep(BatchStore batches, IPromptCompleter completer, IOptions<LlmOptions> llm) : IPipelineStep<BatchInput>, IWaitingStep
{
    public async Task RunAsync(TaskRunContext<BatchInput> context, CancellationToken ct)
    {
        var task = context.Task;
        var batch = await batches.GetAsync(context.Input.BatchId, ct)
            ?? throw new PermanentTaskException(BatchErrorCodes.BatchMissing, $"Batch {context.Input.BatchId} no longer exists.");
        var pending = await batches.TakePendingAsync(batch.Id, task.Id, task.Runs, ct);
        var total = batch.ItemCount;
        var done = total - pending.Count;
        var transientFailures = 0;
        await context.ReportAsync("items", (double)done / Math.Max(1, total), $"{done}/{total} items done", ct);

        var writer = new BatchOutcomeWriter(batches, batch.Id, task.Id, task.Runs);
        var writing = writer.RunAsync();
        try
        {
            var parallel = new ParallelOptions { MaxDegreeOfParallelism = llm.Value.MaxConcurrency, CancellationToken = ct };
            await Parallel.ForEachAsync(pending, parallel, async (item, token) =>
            {
                if (await RunItemAsync(batch, item, token) is { } outcome)
                {
                    writer.Add(outcome);
                }
                else
                {
                    Interlocked.Increment(ref transientFailures);
                }

                var finished = Interlocked.Increment(ref done);
                await context.ReportAsync("items", (double)finished / Math.Max(1, total), $"{finished}/{total} items done", token);
            });
        }
        finally
        {
            writer.Complete();
            await writing;
        }

        var counts = await batches.CountAsync(batch.Id, ct);
        context.ResultJson = TaskJson.Serialize(new { batchId = batch.Id, total, counts.Succeeded, counts.Failed, counts.Canceled });
        if (transientFailures > 0)
        {
            throw new TransientTaskException(LlmErrorCodes.Unavailable, $"{transientFailures} items met transient LLM failures after every retry; the batch runs them again.");
        }

        if (counts.Failed > 0)
        {
            throw new PermanentTaskException(BatchErrorCodes.ItemsFailed,
                $"{counts.Failed} of {total} items failed; {counts.Succeeded} succeeded. POST /api/v1/batches/{batch.Id}/retry runs the failed ones again.");
        }

        context.ResultMessage = $"{counts.Succeeded} of {total} items succeeded.";
    }

    /// <summary>Runs one item; null when it met a transient failure and stays for the next run.</summary>
    private async Task<BatchItemOutcome?> RunItemAsync(BatchRecord batch, BatchItemRecord item, CancellationToken ct)
    {
        var prompt = new PromptInput(item.Prompt, item.System, item.Model ?? batch.Model, item.MaxTokens, item.Temperature);
        try
        {
            var completion = await completer.CompleteAsync(prompt, static (_, _) => ValueTask.CompletedTask, static (_, _) => ValueTask.CompletedTask, ct);
            return new BatchItemOutcome(item.Ordinal, "succeeded", completion.Completion, completion.Model,
                completion.Usage.InputTokens, completion.Usage.OutputTokens, null, null);
        }
        catch (LlmException ex) when (!ex.IsTransient)
        {
            return new BatchItemOutcome(item.Ordinal, "failed", null, prompt.Model, null, null, ex.Code, ex.Message);
        }
        catch (LlmException ex) when (ex.IsTransient)
        {
            return null;
        }
    }
}
