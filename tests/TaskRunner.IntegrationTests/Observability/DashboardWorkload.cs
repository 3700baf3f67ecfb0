using System.Text;
using TaskRunner.Client;
using TaskRunner.Testing.OpenAi;

namespace TaskRunner.IntegrationTests.Observability;

/// <summary>
/// Work that moves every figure of the dashboard, through the generated client: a backlog of no-op tasks (queue depth,
/// pickup, steps), an upload and a search (embedding, vector search), an event stream, successful prompts (LLM latency,
/// tokens), a prompt the LLM refuses (LLM errors, task failure) and one that fails five times (LLM retries, task retry).
/// </summary>
public static class DashboardWorkload
{
    public static async Task RunAsync(TaskRunnerClient client, OpenAiTestServer llm, int noops, CancellationToken ct = default)
    {
        var backlog = new List<Guid>();
        for (var i = 0; i < noops; i++)
        {
            backlog.Add((await client.SubmitNoopTaskAsync(new NoopRequest { DurationMs = 200, Steps = 3 }, ct)).TaskId!.Value);
        }

        var upload = await client.UploadFileAsync(new MemoryStream(Encoding.UTF8.GetBytes($"光合作用把光能变成化学能。Photosynthesis stores light as sugar. {Guid.NewGuid():N}")),
            $"dashboard-{Guid.NewGuid():N}.txt", cancellationToken: ct);
        await ExpectAsync(client, upload.TaskId!.Value, "succeeded", ct);
        await client.SearchAsync(new SearchRequest { Query = "光合作用", TopK = 3 }, ct);

        var prompts = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            prompts.Add((await client.SubmitPromptAsync(new PromptRequest { Prompt = $"One sentence about leaves, {i}.", MaxTokens = 20 }, ct)).TaskId!.Value);
        }

        foreach (var id in prompts.Concat(backlog))
        {
            await ExpectAsync(client, id, "succeeded", ct);
        }

        llm.Enqueue(ScriptedReply.Status(400));
        var refused = await client.SubmitPromptAsync(new PromptRequest { Prompt = "This one is refused.", MaxTokens = 20 }, ct);
        await ExpectAsync(client, refused.TaskId!.Value, "failed", ct);

        // Five 500s outlast the LLM client's own retries (1 + 4), so the task itself is retried once and then succeeds.
        llm.Enqueue(Enumerable.Range(0, 5).Select(_ => ScriptedReply.ServerError()).ToArray());
        var retried = await client.SubmitPromptAsync(new PromptRequest { Prompt = "This one is retried.", MaxTokens = 20 }, ct);
        await ExpectAsync(client, retried.TaskId!.Value, "succeeded", ct);
    }

    private static async Task ExpectAsync(TaskRunnerClient client, Guid id, string status, CancellationToken ct)
    {
        var task = await client.WaitForTaskAsync(id, cancellationToken: ct);
        Assert.True(task.Status == status, $"Task {id} ({task.Type}) ended {task.Status}, expected {status}: {task.Error?.Code} {task.Error?.Message}");
    }
}
