using TaskRunner.Api.Tasks;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace TaskRunner.IntegrationTests.Api;

/// <summary>Talks to the Api over HTTP the way a client would; helpers for uploads, polling and reading SSE.</summary>
public sealed class TaskRunnerApiClient(HttpClient http)
{
    public HttpClient Http => http;

    public async Task<HttpResponseMessage> UploadAsync(byte[] content, string fileName, string? title = null, string query = "")
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", fileName);
        if (title is not null)
        {
            form.Add(new StringContent(title), "title");
        }

        return await http.PostAsync($"/api/v1/documents{query}", form);
    }

    public async Task<JsonElement> UploadAcceptedAsync(byte[] content, string fileName, string? title = null)
    {
        using var response = await UploadAsync(content, fileName, title);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Accepted, $"Expected 202, got {(int)response.StatusCode}: {body}");
        return JsonSerializer.Deserialize<JsonElement>(body);
    }

    public async Task<JsonElement> GetJsonAsync(string url)
    {
        using var response = await http.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {url} answered {(int)response.StatusCode}: {body}");
        return JsonSerializer.Deserialize<JsonElement>(body);
    }

    public Task<JsonElement> GetTaskAsync(Guid taskId) => GetJsonAsync($"/api/v1/tasks/{taskId}");

    public Task<TaskAccepted> SubmitNoopAsync(int durationMs, int steps) =>
        PostAcceptedAsync<TaskAccepted>("/api/v1/diagnostics/noop", new { durationMs, steps }, "diagnostics.noop");

    /// <summary>Posts work and expects the 202 envelope (or its extension <typeparamref name="T"/>) for a task of <paramref name="type"/>.</summary>
    public async Task<T> PostAcceptedAsync<T>(string url, object body, string type)
        where T : TaskAccepted
    {
        using var response = await http.PostAsJsonAsync(url, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Accepted, $"Expected 202, got {(int)response.StatusCode}: {text}");
        var accepted = JsonSerializer.Deserialize<T>(text, JsonSerializerOptions.Web)!;
        Assert.Equal(type, accepted.Type);
        return accepted;
    }

    /// <summary>Polls the status endpoint until the task is final (or the time is up, which fails the test).</summary>
    public async Task<JsonElement> WaitForFinalAsync(Guid taskId, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            var task = await GetTaskAsync(taskId);
            var status = task.GetProperty("status").GetString();
            if (status is "succeeded" or "failed" or "canceled")
            {
                return task;
            }

            Assert.True(DateTime.UtcNow < deadline, $"Task {taskId} still {status} after the timeout: {task}");
            await Task.Delay(100);
        }
    }

    public async Task<JsonElement> WaitUntilAsync(Guid taskId, Func<JsonElement, bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var task = await GetTaskAsync(taskId);
            if (condition(task))
            {
                return task;
            }

            Assert.True(DateTime.UtcNow < deadline, $"Task {taskId} never reached the expected state: {task}");
            await Task.Delay(100);
        }
    }

    /// <summary>Reads the task's SSE stream until the server closes it.</summary>
    public async IAsyncEnumerable<SseEvent> ReadEventsAsync(Guid taskId, long? lastEventId = null, [EnumeratorCancellation] CancellationToken ct = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/tasks/{taskId}/events");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId.Value.ToString(CultureInfo.InvariantCulture));
        }

        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        response.EnsureSuccessStatusCode();
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        await using var stream = await response.Content.ReadAsStreamAsync(ct);
        using var reader = new StreamReader(stream);
        long id = 0;
        string? type = null;
        var data = new List<string>();
        while (await reader.ReadLineAsync(ct) is { } line)
        {
            if (line.Length == 0)
            {
                if (data.Count > 0)
                {
                    yield return new SseEvent(id, type ?? "message", JsonSerializer.Deserialize<JsonElement>(string.Join('\n', data)));
                }

                type = null;
                data.Clear();
                continue;
            }

            if (line.StartsWith("id:", StringComparison.Ordinal))
            {
                id = long.Parse(line[3..].Trim(), CultureInfo.InvariantCulture);
            }
            else if (line.StartsWith("event:", StringComparison.Ordinal))
            {
                type = line[6..].Trim();
            }
            else if (line.StartsWith("data:", StringComparison.Ordinal))
            {
                data.Add(line[5..].TrimStart());
            }
        }
    }
}
