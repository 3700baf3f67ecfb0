using System.Text.Json;
using Dapper;
using Npgsql;
using TaskRunner.IntegrationTests.Api;
using TaskRunner.IntegrationTests.Infrastructure;
using TaskRunner.IntegrationTests.Prompts;
using TaskRunner.Testing.OpenAi;

namespace TaskRunner.IntegrationTests.Observability;

/// <summary>ETA while a task runs, and its cost priced from the fixture's table (test-model: 2.5 in, 10 out per million).</summary>
[Collection(PlatformCollection.Name)]
public sealed class EtaAndCostTests(PlatformFixture platform)
{
    private readonly TaskRunnerApiClient api = platform.ApiClient;

    [Fact]
    public async Task A_running_task_reports_an_eta_in_its_events_and_status()
    {
        var accepted = await api.SubmitNoopAsync(3000, 6);
        var progressEtas = new List<double>();
        JsonElement? runningStatus = null;
        await foreach (var e in api.ReadEventsAsync(accepted.TaskId))
        {
            if (e.Event == "progress" && e.Data.GetProperty("progress").GetDouble() is > 0 and < 1 && e.Data.TryGetProperty("etaSeconds", out var eta) && eta.ValueKind == JsonValueKind.Number)
            {
                progressEtas.Add(eta.GetDouble());
                runningStatus ??= await api.GetTaskAsync(accepted.TaskId);
            }

            if (e.Status is "succeeded" or "failed" or "canceled")
            {
                Assert.Equal("succeeded", e.Status);
                Assert.True(e.Data.TryGetProperty("cost", out var cost), e.Data.ToString());
                Assert.Equal(0, cost.GetProperty("amount").GetDecimal());
                break;
            }
        }

        Assert.NotEmpty(progressEtas);
        Assert.All(progressEtas, eta => Assert.True(eta is > 0 and < 600, $"ETA {eta}"));
        Assert.Equal("running", runningStatus!.Value.GetProperty("status").GetString());
        Assert.True(runningStatus.Value.GetProperty("etaSeconds").GetDouble() > 0, runningStatus.Value.ToString());
        Assert.False((await api.GetTaskAsync(accepted.TaskId)).TryGetProperty("etaSeconds", out _), "A finished task has no ETA.");
    }

    [Fact]
    public async Task An_llm_task_is_priced_from_the_table_in_its_status_and_final_event()
    {
        platform.Llm.Enqueue(ScriptedReply.Content("Chlorophyll absorbs light.", pieces: 3));
        var accepted = await api.SubmitPromptAsync(new { prompt = "What does chlorophyll do?", maxTokens = 100 });
        SseEvent? final = null;
        await foreach (var e in api.ReadEventsAsync(accepted.TaskId))
        {
            final = e;
        }

        var task = await api.GetTaskAsync(accepted.TaskId);
        Assert.Equal("succeeded", task.GetProperty("status").GetString());
        var usage = task.GetProperty("result").GetProperty("usage");
        var input = usage.GetProperty("inputTokens").GetInt64();
        var output = usage.GetProperty("outputTokens").GetInt64();
        Assert.True(input > 0 && output > 0);
        var expected = ((input * 2.5m) + (output * 10m)) / 1_000_000m;

        foreach (var cost in new[] { task.GetProperty("cost"), final!.Data.GetProperty("cost") })
        {
            Assert.Equal(input, cost.GetProperty("inputTokens").GetInt64());
            Assert.Equal(output, cost.GetProperty("outputTokens").GetInt64());
            Assert.Equal(0, cost.GetProperty("embeddingTokens").GetInt64());
            Assert.Equal(expected, cost.GetProperty("amount").GetDecimal());
            Assert.Equal("USD", cost.GetProperty("currency").GetString());
        }
    }

    [Fact]
    public async Task A_batch_reports_its_cost_so_far_in_every_state_and_progress_event_not_only_the_final_one()
    {
        // Both items' LLM replies are held: the first until the test's stream is open (so it hears every event after
        // that), the second until the test has seen progress priced with the first item's tokens.
        var streamOpen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var firstPriced = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var calls = 0;
        platform.Llm.Responder = r => !r.LastUserMessage.StartsWith("Cost item", StringComparison.Ordinal) ? null
            : Interlocked.Increment(ref calls) == 1 ? ScriptedReply.Content("Chlorophyll absorbs light.", pieces: 2) with { HoldUntil = streamOpen.Task }
            : ScriptedReply.Content("Stomata let carbon dioxide in and water out.", pieces: 3) with { HoldUntil = firstPriced.Task };
        try
        {
            var batch = await api.SubmitBatchAsync(new { items = new[] { new { prompt = "Cost item 1" }, new { prompt = "Cost item 2" } } });
            var events = new List<SseEvent>();
            await foreach (var e in api.ReadEventsAsync(batch.TaskId))
            {
                events.Add(e);
                streamOpen.TrySetResult();
                if (e.Event == "progress" && e.Data.GetProperty("progress").GetDouble() < 1 && e.Data.TryGetProperty("cost", out var cost)
                    && cost.GetProperty("amount").GetDecimal() > 0)
                {
                    firstPriced.TrySetResult();
                }
            }

            var final = events[^1];
            Assert.Equal("succeeded", final.Status);
            var finalAmount = final.Data.GetProperty("cost").GetProperty("amount").GetDecimal();
            var priced = events.Where(e => e.Event is "state" or "progress").ToList();
            Assert.All(priced, e => Assert.True(e.Data.TryGetProperty("cost", out var c) && c.GetProperty("currency").GetString() == "USD", $"{e.Event}: {e.Data}"));

            // Between the items: a progress event already priced with the first item's tokens, below the final cost, with an ETA.
            var between = priced.First(e => e.Event == "progress" && e.Data.GetProperty("progress").GetDouble() is > 0 and < 1
                && e.Data.GetProperty("cost").GetProperty("amount").GetDecimal() > 0);
            var betweenCost = between.Data.GetProperty("cost");
            Assert.True(betweenCost.GetProperty("outputTokens").GetInt64() > 0, betweenCost.ToString());
            Assert.True(betweenCost.GetProperty("amount").GetDecimal() < finalAmount, $"{betweenCost} vs final {finalAmount}");
            Assert.True(between.Data.TryGetProperty("etaSeconds", out var eta) && eta.GetDouble() > 0, between.Data.ToString());

            // The cost only grows, event after event.
            var amounts = priced.Select(e => e.Data.GetProperty("cost").GetProperty("amount").GetDecimal()).ToList();
            Assert.Equal(amounts.Order(), amounts);
        }
        finally
        {
            streamOpen.TrySetResult();
            firstPriced.TrySetResult();
            platform.Llm.Responder = null;
        }
    }

    [Fact]
    public async Task Usage_sums_a_tenants_tokens_by_type_and_day_and_shows_no_other_tenant()
    {
        var tenant = $"usage-{Guid.NewGuid():N}"[..20];
        using var client = await platform.CreateClientAsync(tenant);
        var own = new TaskRunnerApiClient(client);
        platform.Llm.Enqueue(ScriptedReply.Content("One.", pieces: 1), ScriptedReply.Content("Two words.", pieces: 2));
        var costs = new List<JsonElement>();
        foreach (var prompt in new[] { "First?", "Second?" })
        {
            var accepted = await own.SubmitPromptAsync(new { prompt, maxTokens = 50 });
            await own.WaitForFinalAsync(accepted.TaskId);
            costs.Add((await own.GetTaskAsync(accepted.TaskId)).GetProperty("cost"));
        }

        var upload = await own.UploadAcceptedAsync("光合作用是植物利用光能的过程。Photosynthesis makes sugar from light."u8.ToArray(), "usage.txt");
        var ingest = Guid.Parse(upload.GetProperty("taskId").GetString()!);
        await own.WaitForFinalAsync(ingest);
        var ingestCost = (await own.GetTaskAsync(ingest)).GetProperty("cost");
        Assert.True(ingestCost.GetProperty("embeddingTokens").GetInt64() > 0, ingestCost.ToString());

        var byType = await own.GetJsonAsync("/api/v1/usage?groupBy=type");
        var prompts = byType.GetProperty("groups").EnumerateArray().Single(g => g.GetProperty("key").GetString() == "llm.prompt");
        Assert.Equal(costs.Sum(c => c.GetProperty("inputTokens").GetInt64()), prompts.GetProperty("inputTokens").GetInt64());
        Assert.Equal(costs.Sum(c => c.GetProperty("outputTokens").GetInt64()), prompts.GetProperty("outputTokens").GetInt64());
        Assert.Equal(costs.Sum(c => c.GetProperty("amount").GetDecimal()), prompts.GetProperty("cost").GetDecimal());
        var documents = byType.GetProperty("groups").EnumerateArray().Single(g => g.GetProperty("key").GetString() == "document.ingest");
        Assert.Equal(ingestCost.GetProperty("embeddingTokens").GetInt64(), documents.GetProperty("embeddingTokens").GetInt64());

        var byDay = await own.GetJsonAsync("/api/v1/usage?groupBy=day");
        var today = Assert.Single(byDay.GetProperty("groups").EnumerateArray());
        Assert.Equal(DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), today.GetProperty("key").GetString());
        Assert.Equal(byType.GetProperty("total").GetProperty("cost").GetDecimal(), today.GetProperty("cost").GetDecimal());

        using var otherClient = await platform.CreateClientAsync($"other-{Guid.NewGuid():N}"[..20]);
        var other = await new TaskRunnerApiClient(otherClient).GetJsonAsync("/api/v1/usage");
        Assert.Empty(other.GetProperty("groups").EnumerateArray());
        Assert.Equal(0, other.GetProperty("total").GetProperty("inputTokens").GetInt64());
    }

    [Fact]
    public async Task Usage_over_a_from_to_range_sums_only_the_usage_recorded_inside_it()
    {
        var tenant = $"range-{Guid.NewGuid():N}"[..20];
        using var client = await platform.CreateClientAsync(tenant);
        var own = new TaskRunnerApiClient(client);
        platform.Llm.Enqueue(ScriptedReply.Content("One.", pieces: 1), ScriptedReply.Content("Evaporation, condensation and rain.", pieces: 3));
        var tasks = new List<Guid>();
        foreach (var prompt in new[] { "First?", "Name the stages of the water cycle." })
        {
            var accepted = await own.SubmitPromptAsync(new { prompt, maxTokens = 50 });
            Assert.Equal("succeeded", (await own.WaitForFinalAsync(accepted.TaskId)).GetProperty("status").GetString());
            tasks.Add(accepted.TaskId);
        }

        var first = (await own.GetTaskAsync(tasks[0])).GetProperty("cost");
        var second = (await own.GetTaskAsync(tasks[1])).GetProperty("cost");
        Assert.NotEqual(first.GetProperty("outputTokens").GetInt64(), second.GetProperty("outputTokens").GetInt64());

        // The boundaries come from the database's own clock: when each task's usage was first recorded. The second task
        // started after the first had finished, so its usage row is strictly younger.
        DateTimeOffset firstAt, secondAt;
        await using (var connection = new NpgsqlConnection(platform.ConnectionString))
        {
            const string sql = "select min(created_at) from task_usage where task_id = @id";
            firstAt = new DateTimeOffset(DateTime.SpecifyKind(await connection.ExecuteScalarAsync<DateTime>(sql, new { id = tasks[0] }), DateTimeKind.Utc));
            secondAt = new DateTimeOffset(DateTime.SpecifyKind(await connection.ExecuteScalarAsync<DateTime>(sql, new { id = tasks[1] }), DateTimeKind.Utc));
        }

        Assert.True(firstAt < secondAt, $"{firstAt:O} / {secondAt:O}");
        var later = secondAt.AddHours(1);

        // [from, to): to = the second's first record leaves it out; from = that instant leaves the first out.
        AssertTotals(await UsageAsync(own, firstAt, secondAt), first);
        AssertTotals(await UsageAsync(own, secondAt, later), second);
        var both = (await UsageAsync(own, firstAt, later)).GetProperty("total");
        Assert.Equal(first.GetProperty("outputTokens").GetInt64() + second.GetProperty("outputTokens").GetInt64(), both.GetProperty("outputTokens").GetInt64());
        Assert.Equal(first.GetProperty("amount").GetDecimal() + second.GetProperty("amount").GetDecimal(), both.GetProperty("cost").GetDecimal());

        // A range that ends before the first record holds nothing.
        var before = (await UsageAsync(own, firstAt.AddHours(-1), firstAt)).GetProperty("total");
        Assert.Equal((0L, 0L), (before.GetProperty("inputTokens").GetInt64(), before.GetProperty("outputTokens").GetInt64()));

        static void AssertTotals(JsonElement usage, JsonElement cost)
        {
            var total = usage.GetProperty("total");
            Assert.Equal(cost.GetProperty("inputTokens").GetInt64(), total.GetProperty("inputTokens").GetInt64());
            Assert.Equal(cost.GetProperty("outputTokens").GetInt64(), total.GetProperty("outputTokens").GetInt64());
            Assert.Equal(cost.GetProperty("amount").GetDecimal(), total.GetProperty("cost").GetDecimal());
            Assert.Equal("llm.prompt", Assert.Single(usage.GetProperty("groups").EnumerateArray()).GetProperty("key").GetString());
        }
    }

    [Theory]
    [InlineData("?groupBy=week", "invalid_group_by")]
    [InlineData("?from=yesterday", "invalid_date")]
    [InlineData("?to=2026-13-45", "invalid_date")]
    [InlineData("?from=2026-12-02&to=2026-12-01", "invalid_range")]
    [InlineData("?from=2020-01-01&to=2026-01-01", "invalid_range")]
    public async Task Bad_usage_parameters_get_a_400_problem(string query, string code)
    {
        using var response = await platform.Client.GetAsync("/api/v1/usage" + query);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(code, JsonDocument.Parse(body).RootElement.GetProperty("code").GetString());
    }

    private static Task<JsonElement> UsageAsync(TaskRunnerApiClient api, DateTimeOffset from, DateTimeOffset to) =>
        api.GetJsonAsync($"/api/v1/usage?groupBy=type&from={Uri.EscapeDataString(from.ToUniversalTime().ToString("O"))}&to={Uri.EscapeDataString(to.ToUniversalTime().ToString("O"))}");
}
