using System.Text.Json;
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
}
