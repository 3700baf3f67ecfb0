using System.Text;
using System.Text.Json;
using TaskRunner.IntegrationTests.Api;
using TaskRunner.IntegrationTests.Infrastructure;

namespace TaskRunner.IntegrationTests.Security;

/// <summary>What a tenant sees of a failure in our infrastructure: a code and a sentence, never hosts, ports or exception text.</summary>
[Collection(PlatformCollection.Name)]
public sealed class InfrastructureErrorTests(PlatformFixture platform)
{
    private const string UnreachableQdrant = "http://127.0.0.1:9";

    private readonly TaskRunnerApiClient api = platform.ApiClient;

    [Fact]
    public async Task A_task_failing_on_an_unreachable_vector_store_shows_a_code_and_a_generic_message()
    {
        await platform.StopInProcessWorkersAsync();
        await platform.StartWorkerAsync(settings: new Dictionary<string, string?> { ["Qdrant:Url"] = UnreachableQdrant, ["Retry:MaxAttempts"] = "1" });
        try
        {
            var upload = await api.UploadAcceptedAsync(Encoding.UTF8.GetBytes($"Vectors go nowhere {Guid.NewGuid()}. 向量无处可去。"), "nowhere.txt");
            var task = await api.WaitForFinalAsync(upload.GetProperty("taskId").GetGuid(), TimeSpan.FromSeconds(90));

            Assert.Equal("failed", task.GetProperty("status").GetString());
            var error = task.GetProperty("error");
            Assert.Equal("vector_store_unavailable", error.GetProperty("code").GetString());
            var everything = JsonSerializer.Serialize(task);
            foreach (var leak in new[] { "127.0.0.1", "Connection refused", "Exception", "/collections" })
            {
                Assert.DoesNotContain(leak, everything, StringComparison.OrdinalIgnoreCase);
            }
        }
        finally
        {
            await platform.StopInProcessWorkersAsync();
            await platform.EnsureWorkerAsync();
        }
    }

    [Fact]
    public async Task The_tenant_sees_a_generic_message_while_the_worker_log_has_the_detail_with_the_task_id()
    {
        await platform.StopInProcessWorkersAsync();
        using var worker = platform.StartWorkerProcess("default,embed,ingest,llm", new Dictionary<string, string>
        {
            ["Qdrant__Url"] = UnreachableQdrant,
            ["Retry__MaxAttempts"] = "1",
        });
        try
        {
            var upload = await api.UploadAcceptedAsync(Encoding.UTF8.GetBytes($"Logged, not shown {Guid.NewGuid()}. 只记在日志里。"), "logged.txt");
            var taskId = upload.GetProperty("taskId").GetGuid();
            var task = await api.WaitForFinalAsync(taskId, TimeSpan.FromSeconds(90));

            // The tenant: a code and a sentence.
            Assert.Equal("failed", task.GetProperty("status").GetString());
            var error = task.GetProperty("error");
            Assert.Equal("vector_store_unavailable", error.GetProperty("code").GetString());
            Assert.Equal("The vector store was unavailable.", error.GetProperty("message").GetString());
            var everything = JsonSerializer.Serialize(task);

            // The operator: the Worker's log entry for that task id carries what the tenant was not shown, the
            // exception naming Qdrant and the refused connection.
            var log = await worker.StopAsync();
            var entry = LogEntryOf(log, $"Task {taskId} failed with vector_store_unavailable");
            foreach (var detail in new[] { "Connection refused", "Qdrant", "Exception" })
            {
                Assert.Contains(detail, entry, StringComparison.Ordinal);
                Assert.DoesNotContain(detail, everything, StringComparison.Ordinal);
            }
        }
        finally
        {
            await platform.EnsureWorkerAsync();
        }
    }

    /// <summary>The console log entry (its line and the exception lines under it) whose message contains <paramref name="message"/>.</summary>
    private static string LogEntryOf(string log, string message)
    {
        var lines = log.Split('\n');
        var start = Array.FindIndex(lines, l => l.Contains(message, StringComparison.Ordinal));
        Assert.True(start > 0, $"No log entry says '{message}':\n{log}");

        // The console logger starts an entry with "warn: Category[id]" on the line above its message; the entry runs to the next one.
        var end = Array.FindIndex(lines, start + 1, l => l.Length > 5 && l[4] == ':' && !char.IsWhiteSpace(l[0]));
        return string.Join('\n', lines[(start - 1)..(end < 0 ? lines.Length : end)]);
    }

    [Fact]
    public async Task A_search_whose_vector_side_is_unreachable_warns_without_naming_the_vector_store()
    {
        // A second Api whose vector store is unreachable; the variable is read when the host is built.
        var saved = Environment.GetEnvironmentVariable("Qdrant__Url");
        Environment.SetEnvironmentVariable("Qdrant__Url", UnreachableQdrant);
        var factory = new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program>();
        HttpClient client;
        try
        {
            client = factory.CreateClient();
        }
        finally
        {
            Environment.SetEnvironmentVariable("Qdrant__Url", saved);
        }

        try
        {
            await SearchThroughAsync(client);
        }
        finally
        {
            client.Dispose();
            await factory.DisposeAsync();

            // Hangfire's static log provider would otherwise point at this host's disposed logger factory.
            HangfireGlobals.DetachLogging();
        }
    }

    private async Task SearchThroughAsync(HttpClient client)
    {
        client.DefaultRequestHeaders.Authorization = platform.Client.DefaultRequestHeaders.Authorization;
        using var response = await client.PostAsync("/api/v1/search",
            new StringContent("""{"query":"光合作用 photosynthesis","topK":3}""", Encoding.UTF8, "application/json"));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);

        var result = JsonSerializer.Deserialize<JsonElement>(body);
        Assert.False(result.GetProperty("vectorSearchOk").GetBoolean());
        Assert.True(result.GetProperty("keywordSearchOk").GetBoolean());
        var warning = Assert.Single(result.GetProperty("warnings").EnumerateArray()).GetString()!;
        Assert.Contains("Vector search unavailable", warning, StringComparison.Ordinal);
        foreach (var leak in new[] { "127.0.0.1", "Connection refused", "Exception", "/collections", "Qdrant" })
        {
            Assert.DoesNotContain(leak, body, StringComparison.OrdinalIgnoreCase);
        }
    }
}
