using System.Net;
using TaskRunner.IntegrationTests.Api;
using TaskRunner.IntegrationTests.Infrastructure;
using TaskRunner.Testing.OpenAi;

namespace TaskRunner.IntegrationTests.Prompts;

/// <summary>llm.prompt tasks through the Api and real Workers, with the OpenAI-compatible test server as the LLM.</summary>
[Collection(PlatformCollection.Name)]
public sealed class PromptTaskTests(PlatformFixture platform)
{
    private readonly TaskRunnerApiClient api = platform.ApiClient;

    [Fact]
    public async Task Prompt_task_streams_its_tokens_and_ends_with_the_completion_and_usage()
    {
        const string reply = "光合作用 turns light, water and carbon dioxide into sugar and oxygen.";
        await platform.StopInProcessWorkersAsync();
        try
        {
            platform.Llm.Enqueue(ScriptedReply.Content(reply, pieces: 6, delayBetweenPieces: TimeSpan.FromMilliseconds(30)));
            var accepted = await api.SubmitPromptAsync(new { prompt = "Explain photosynthesis in one sentence.", system = "Be brief.", priority = "high", maxTokens = 200 });
            Assert.Equal("0_high_llm", accepted.Queue);
            var events = new List<SseEvent>();
            await using var stream = api.ReadEventsAsync(accepted.TaskId).GetAsyncEnumerator();
            Assert.True(await stream.MoveNextAsync());
            events.Add(stream.Current);

            // Subscribed before any worker runs, so no token can be missed.
            await platform.EnsureWorkerAsync();
            while (await stream.MoveNextAsync())
            {
                events.Add(stream.Current);
            }

            Assert.Equal("succeeded", events[^1].Status);
            var tokens = events.Where(e => e.Event == "token").Select(e => e.Data.GetProperty("text").GetString()).ToList();
            Assert.True(tokens.Count >= 2, $"Expected the reply in several token events, got {tokens.Count}");
            Assert.Equal(reply, string.Concat(tokens));

            var task = await api.GetTaskAsync(accepted.TaskId);
            Assert.Equal("high", task.GetProperty("priority").GetString());
            var result = task.GetProperty("result");
            Assert.Equal(reply, result.GetProperty("completion").GetString());
            Assert.Equal("test-model", result.GetProperty("model").GetString());
            Assert.True(result.GetProperty("usage").GetProperty("inputTokens").GetInt32() > 0);
            Assert.True(result.GetProperty("usage").GetProperty("outputTokens").GetInt32() > 0);
            var request = platform.Llm.Requests[^1];
            Assert.Equal("Explain photosynthesis in one sentence.", request.LastUserMessage);
            Assert.Equal("Be brief.", request.Messages[0].Content);
        }
        finally
        {
            await platform.EnsureWorkerAsync();
        }
    }

    [Fact]
    public async Task Bad_prompt_requests_are_refused_with_a_400_naming_the_field()
    {
        var unknownModel = await api.RejectedAsync("/api/v1/tasks", new { prompt = "Hi", model = "gpt-9-ultra" });
        Assert.Equal(("invalid_model", "model"), (unknownModel.Code, unknownModel.Field));
        Assert.Contains("test-model", unknownModel.Detail, StringComparison.Ordinal);

        var badPriority = await api.RejectedAsync("/api/v1/tasks", new { prompt = "Hi", priority = "urgent" });
        Assert.Equal("priority", badPriority.Field);

        var empty = await api.RejectedAsync("/api/v1/tasks", new { prompt = "   " });
        Assert.Equal(("prompt_missing", "prompt"), (empty.Code, empty.Field));

        var tooLong = await api.RejectedAsync("/api/v1/tasks", new { prompt = new string('x', 32_001) });
        Assert.Equal(("prompt_too_long", "prompt"), (tooLong.Code, tooLong.Field));

        using var badFilter = await api.Http.GetAsync("/api/v1/tasks?priority=urgent");
        Assert.Equal(HttpStatusCode.BadRequest, badFilter.StatusCode);
    }

    [Fact]
    public async Task A_final_task_can_be_deleted_but_a_running_one_answers_409()
    {
        platform.Llm.Latency = TimeSpan.FromSeconds(30);
        try
        {
            var running = await api.SubmitPromptAsync(new { prompt = "Take your time." });
            await api.WaitUntilAsync(running.TaskId, t => t.GetProperty("status").GetString() == "running", TimeSpan.FromSeconds(30));
            using (var refused = await api.Http.DeleteAsync($"/api/v1/tasks/{running.TaskId}"))
            {
                Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
                Assert.Contains("task_not_final", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }

            using (await api.Http.PostAsync($"/api/v1/tasks/{running.TaskId}/cancel", null))
            {
            }

            var canceled = await api.WaitForFinalAsync(running.TaskId, TimeSpan.FromSeconds(30));
            Assert.Equal("canceled", canceled.GetProperty("status").GetString());
            using (var deleted = await api.Http.DeleteAsync($"/api/v1/tasks/{running.TaskId}"))
            {
                Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
            }

            using var gone = await api.Http.GetAsync($"/api/v1/tasks/{running.TaskId}");
            Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        }
        finally
        {
            platform.Llm.Latency = TimeSpan.Zero;
        }
    }

    [Fact]
    public async Task Another_tenants_prompt_task_is_not_found_and_not_deleted()
    {
        var task = await api.SubmitPromptAsync(new { prompt = "Say hello." });
        await api.WaitForFinalAsync(task.TaskId);
        using var other = await platform.CreateClientAsync("tenant-prompts-b");

        using (var get = await other.GetAsync($"/api/v1/tasks/{task.TaskId}"))
        {
            Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        }

        using (var delete = await other.DeleteAsync($"/api/v1/tasks/{task.TaskId}"))
        {
            Assert.Equal(HttpStatusCode.NotFound, delete.StatusCode);
        }

        var mine = await api.GetJsonAsync($"/api/v1/tasks?type=llm.prompt&priority=normal&pageSize=100");
        Assert.Contains(mine.GetProperty("items").EnumerateArray(), t => t.GetProperty("id").GetGuid() == task.TaskId);
        var theirs = await new TaskRunnerApiClient(other).GetJsonAsync("/api/v1/tasks?type=llm.prompt");
        Assert.Equal(0, theirs.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Without_an_llm_a_prompt_task_fails_with_llm_not_configured()
    {
        await platform.StopInProcessWorkersAsync();
        try
        {
            await platform.StartWorkerAsync("llm", count: 1, settings: new Dictionary<string, string?> { ["Llm:BaseUrl"] = "" });
            var task = await api.SubmitPromptAsync(new { prompt = "Anyone there?" });
            var final = await api.WaitForFinalAsync(task.TaskId);
            Assert.Equal("failed", final.GetProperty("status").GetString());
            Assert.Equal("llm_not_configured", final.GetProperty("error").GetProperty("code").GetString());
            Assert.Equal(1, final.GetProperty("attempts").GetInt32());
        }
        finally
        {
            await platform.StopInProcessWorkersAsync();
            await platform.EnsureWorkerAsync();
        }
    }
}
