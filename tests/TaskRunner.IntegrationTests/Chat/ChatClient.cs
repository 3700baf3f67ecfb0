using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using TaskRunner.IntegrationTests.Api;

namespace TaskRunner.IntegrationTests.Chat;

/// <summary>Posts chat requests as a client would, reading the JSON answer or the SSE events.</summary>
internal sealed class ChatClient(HttpClient http)
{
    public TaskRunnerApiClient Api => new(http);

    public Task<HttpResponseMessage> PostAsync(object body, CancellationToken ct = default) => http.PostAsJsonAsync("/api/v1/chat", body, ct);

    public async Task<JsonElement> AskAsync(object body)
    {
        using var response = await PostAsync(body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"POST /api/v1/chat answered {(int)response.StatusCode}: {text}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return JsonSerializer.Deserialize<JsonElement>(text);
    }

    /// <summary>Opens the stream (Accept: text/event-stream, no <c>stream</c> field) and yields its events until the server ends it.</summary>
    public async IAsyncEnumerable<SseEvent> StreamAsync(object body, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/chat") { Content = JsonContent.Create(body) };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        Assert.True(response.IsSuccessStatusCode, $"POST /api/v1/chat answered {(int)response.StatusCode}");
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        await using var stream = await response.Content.ReadAsStreamAsync(ct);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        string? type = null;
        var data = new List<string>();
        while (await reader.ReadLineAsync(ct) is { } line)
        {
            if (line.Length == 0)
            {
                if (data.Count > 0)
                {
                    yield return new SseEvent(0, type ?? "message", JsonSerializer.Deserialize<JsonElement>(string.Join('\n', data)));
                }

                type = null;
                data.Clear();
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

    /// <summary>Uploads a text document and waits until it is ingested (chunks, graph and vectors written).</summary>
    public async Task<Guid> IngestTextAsync(string text, string name)
    {
        var accepted = await Api.UploadAcceptedAsync(Encoding.UTF8.GetBytes(text), name + ".txt", name);
        var task = await Api.WaitForFinalAsync(accepted.GetProperty("taskId").GetGuid());
        Assert.Equal("succeeded", task.GetProperty("status").GetString());
        return accepted.GetProperty("documentId").GetGuid();
    }

    public static string Id(JsonElement passage) => passage.GetProperty("chunkId").GetGuid().ToString("D", CultureInfo.InvariantCulture);
}
