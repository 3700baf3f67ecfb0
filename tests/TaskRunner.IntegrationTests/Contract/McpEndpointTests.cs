using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using TaskRunner.IntegrationTests.Exercises;
using TaskRunner.IntegrationTests.Infrastructure;
using TaskRunner.Testing.Web;

namespace TaskRunner.IntegrationTests.Contract;

/// <summary>The MCP endpoint of the real Api process (Kestrel, Streamable HTTP), driven by the SDK's own client; the fixture's Worker runs the tasks.</summary>
[Collection(PlatformCollection.Name)]
public sealed class McpEndpointTests(PlatformFixture platform) : IAsyncLifetime
{
    private ApiProcess api = null!;

    public async Task InitializeAsync()
    {
        await platform.EnsureWorkerAsync();
        // Pages served by a test's StaticPageServer (127.0.0.1) may be fetched; "localhost" names a host that may not.
        api = await ApiProcess.StartAsync(new Dictionary<string, string>(platform.Settings) { ["Mcp__AllowedUrlHosts__0"] = "127.0.0.1" });
    }

    public async Task DisposeAsync() => await api.DisposeAsync();

    [Fact]
    public async Task Agent_adds_a_text_document_waits_with_progress_generates_exercises_and_reads_them()
    {
        var tenant = $"mcp-{Guid.NewGuid():N}"[..20];
        await using var client = await ConnectAsync((await platform.CreateKeyAsync(tenant)).Key);

        var tools = (await client.ListToolsAsync()).Select(t => t.Name).ToHashSet();
        Assert.Superset(new HashSet<string> { "add_document_text", "add_document_url", "search", "ask", "generate_exercises", "get_task", "wait_for_task", "list_documents", "list_exercises" }, tools);

        var added = await CallAsync(client, "add_document_text", new() { ["title"] = "Lesson nine", ["text"] = Lesson.English(9, paragraphs: 5) });
        var documentId = added.GetProperty("documentId").GetGuid();
        var ingestion = added.GetProperty("taskId").GetGuid();

        var notifications = new System.Collections.Concurrent.ConcurrentQueue<ProgressNotificationValue>();
        var waited = await CallAsync(client, "wait_for_task", new() { ["taskId"] = ingestion, ["timeoutSeconds"] = 90 },
            new SynchronousProgress(notifications.Enqueue));
        Assert.Equal("succeeded", waited.GetProperty("status").GetString());

        // The server sends each progress notification before the next and all before the result (TaskTools.ReportAsync
        // waits for each; two CI runs had lost the last one when the SDK's IProgress sent it in the background). The
        // client may still hand them to the handler after the call has returned: wait (bounded) for the final 100 %.
        for (var i = 0; i < 100 && !notifications.Any(n => n.Progress == 100); i++)
        {
            await Task.Delay(50);
        }

        Assert.NotEmpty(notifications);
        Assert.Contains(notifications, n => n.Progress == 100);
        Assert.All(notifications, n => Assert.InRange(n.Progress, 0, 100));

        var listed = await CallAsync(client, "list_documents", []);
        var document = Assert.Single(listed.GetProperty("items").EnumerateArray());
        Assert.Equal(documentId, document.GetProperty("id").GetGuid());
        Assert.Equal("ready", document.GetProperty("status").GetString());

        var asked = await CallAsync(client, "ask", new() { ["question"] = "What is this lesson about?", ["topK"] = 3 });
        Assert.Contains(asked.GetProperty("passages").EnumerateArray(), p => p.GetProperty("documentId").GetGuid() == documentId);
        Assert.False(string.IsNullOrWhiteSpace(asked.GetProperty("answer").GetString()), asked.ToString());

        var generate = await CallAsync(client, "generate_exercises", new() { ["documentIds"] = new[] { documentId }, ["count"] = 3, ["language"] = "en" });
        var generation = generate.GetProperty("taskId").GetGuid();
        var generated = await CallAsync(client, "wait_for_task", new() { ["taskId"] = generation, ["timeoutSeconds"] = 90 });
        Assert.Equal("succeeded", generated.GetProperty("status").GetString());

        var exercises = await CallAsync(client, "list_exercises", new() { ["taskId"] = generation });
        Assert.True(exercises.GetProperty("total").GetInt32() >= 1, exercises.ToString());
        Assert.All(exercises.GetProperty("items").EnumerateArray(), e => Assert.Contains(documentId, e.GetProperty("documentIds").EnumerateArray().Select(d => d.GetGuid())));

        // Another tenant's key sees neither the task nor the document.
        await using var stranger = await ConnectAsync((await platform.CreateKeyAsync($"other-{Guid.NewGuid():N}"[..20])).Key);
        var hidden = await stranger.CallToolAsync("get_task", new Dictionary<string, object?> { ["taskId"] = ingestion });
        Assert.True(hidden.IsError);
        Assert.Contains("No task", Text(hidden), StringComparison.Ordinal);
        Assert.Equal(0, (await CallAsync(stranger, "list_documents", [])).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Agent_adds_a_page_from_an_allowed_host_reads_its_task_and_finds_its_text_by_search()
    {
        await using var site = await StaticPageServer.StartAsync();
        var page = site.Serve("/lessons/volcanoes.html", "text/html; charset=utf-8", """
            <!doctype html>
            <html><head><title>Volcanoes</title></head>
            <body><h1>How volcanoes erupt</h1>
            <p>Magma rises through cracks in the crust and erupts as lava.</p>
            <p>Basaltic lava from shield volcanoes flows far before it cools.</p></body></html>
            """);
        var moved = site.Redirect("/moved.html", page);
        await using var client = await ConnectAsync((await platform.CreateKeyAsync($"mcp-{Guid.NewGuid():N}"[..20])).Key);

        var added = await CallAsync(client, "add_document_url", new() { ["url"] = page.ToString() });
        Assert.False(added.GetProperty("alreadyExisted").GetBoolean());
        Assert.Equal(1, site.Requests);
        var documentId = added.GetProperty("documentId").GetGuid();
        var taskId = added.GetProperty("taskId").GetGuid();
        var waited = await CallAsync(client, "wait_for_task", new() { ["taskId"] = taskId, ["timeoutSeconds"] = 90 });
        Assert.Equal("succeeded", waited.GetProperty("status").GetString());

        var task = await CallAsync(client, "get_task", new() { ["taskId"] = taskId });
        Assert.Equal(taskId, task.GetProperty("id").GetGuid());
        Assert.Equal("document.ingest", task.GetProperty("type").GetString());
        Assert.Equal(documentId, task.GetProperty("documentId").GetGuid());
        Assert.Equal("succeeded", task.GetProperty("status").GetString());
        Assert.Equal("done", task.GetProperty("stage").GetString());
        Assert.Equal(1.0, task.GetProperty("progress").GetDouble());
        Assert.Equal(JsonValueKind.String, task.GetProperty("finishedAt").ValueKind);

        var document = Assert.Single((await CallAsync(client, "list_documents", [])).GetProperty("items").EnumerateArray());
        Assert.Equal(documentId, document.GetProperty("id").GetGuid());
        Assert.Equal("ready", document.GetProperty("status").GetString());
        Assert.Equal("volcanoes", document.GetProperty("title").GetString());

        // The page's text, without its markup, is what search finds.
        var found = await CallAsync(client, "search", new() { ["query"] = "basaltic lava of shield volcanoes", ["topK"] = 3 });
        var hit = found.GetProperty("chunks").EnumerateArray().First();
        Assert.Equal(documentId, hit.GetProperty("documentId").GetGuid());
        var text = hit.GetProperty("text").GetString();
        Assert.Contains("Basaltic lava from shield volcanoes flows far before it cools.", text, StringComparison.Ordinal);
        Assert.DoesNotContain("<p>", text, StringComparison.Ordinal);
        Assert.True(hit.GetProperty("score").GetDouble() > 0, hit.ToString());

        // A redirect is not followed, even to an allowed page.
        var redirected = await client.CallToolAsync("add_document_url", new Dictionary<string, object?> { ["url"] = moved.ToString() });
        Assert.True(redirected.IsError);
        Assert.Contains("302", Text(redirected), StringComparison.Ordinal);
        Assert.Equal(2, site.Requests);
    }

    [Fact]
    public async Task Urls_outside_the_allow_list_and_bad_input_are_tool_errors()
    {
        await using var client = await ConnectAsync((await platform.CreateKeyAsync($"mcp-{Guid.NewGuid():N}"[..20])).Key);

        var notAllowed = new UriBuilder(api.BaseAddress) { Host = "localhost", Path = "/openapi/v1.json" }.Uri;
        var refused = await client.CallToolAsync("add_document_url", new Dictionary<string, object?> { ["url"] = notAllowed.ToString() });
        Assert.True(refused.IsError);
        Assert.Contains("not allowed", Text(refused), StringComparison.Ordinal);

        var empty = await client.CallToolAsync("search", new Dictionary<string, object?> { ["query"] = " " });
        Assert.True(empty.IsError);
        var badType = await client.CallToolAsync("generate_exercises", new Dictionary<string, object?> { ["topic"] = "water", ["types"] = new[] { "essay" } });
        Assert.True(badType.IsError);
        Assert.Contains("essay", Text(badType), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_key_the_endpoint_answers_401()
    {
        using var http = new HttpClient { BaseAddress = api.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/mcp")
        {
            Content = new StringContent("""{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}""",
                Encoding.UTF8, "application/json"),
        };
        request.Headers.Accept.ParseAdd("application/json, text/event-stream");
        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);

        await Assert.ThrowsAnyAsync<Exception>(() => ConnectAsync("tr_not-a-real-key-000000000000"));
    }

    private Task<McpClient> ConnectAsync(string key) => McpClient.CreateAsync(new HttpClientTransport(new HttpClientTransportOptions
    {
        Endpoint = new Uri(api.BaseAddress, "/mcp"),
        TransportMode = HttpTransportMode.StreamableHttp,
        AdditionalHeaders = new Dictionary<string, string> { ["Authorization"] = new AuthenticationHeaderValue("Bearer", key).ToString() },
    }));

    private static async Task<JsonElement> CallAsync(McpClient client, string tool, Dictionary<string, object?> arguments, IProgress<ProgressNotificationValue>? progress = null)
    {
        var result = await client.CallToolAsync(tool, arguments, progress);
        Assert.False(result.IsError == true, $"{tool} failed: {Text(result)}");
        return JsonDocument.Parse(Text(result)).RootElement.Clone();
    }

    private static string Text(CallToolResult result) => string.Concat(result.Content.OfType<TextContentBlock>().Select(b => b.Text));

    private sealed class SynchronousProgress(Action<ProgressNotificationValue> report) : IProgress<ProgressNotificationValue>
    {
        public void Report(ProgressNotificationValue value) => report(value);
    }
}
