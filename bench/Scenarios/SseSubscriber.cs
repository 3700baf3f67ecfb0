using System.Net.Http.Headers;
using System.Text.Json;

namespace TaskRunner.Bench.Scenarios;

/// <summary>One SSE client of a task: reads events until the server ends the stream, noting publish-to-receive latency of progress events.</summary>
public sealed class SseSubscriber
{
    private readonly TaskCompletionSource connected = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public List<double> ProgressLatenciesMs { get; } = [];

    public DateTimeOffset? FirstProgressAt { get; private set; }

    public DateTimeOffset? LastProgressAt { get; private set; }

    public bool SawFinal { get; private set; }

    /// <summary>Completes when the first event (the current state) has arrived.</summary>
    public Task Connected => connected.Task;

    public async Task ReadAsync(HttpClient http, Guid taskId, CancellationToken ct)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/tasks/{taskId}/events");
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
            response.EnsureSuccessStatusCode();
            await using var stream = await response.Content.ReadAsStreamAsync(ct);
            using var reader = new StreamReader(stream);
            while (await reader.ReadLineAsync(ct) is { } line)
            {
                if (line.StartsWith("data:", StringComparison.Ordinal))
                {
                    OnEvent(line[5..], DateTimeOffset.UtcNow);
                }
            }
        }
        finally
        {
            connected.TrySetResult();
        }
    }

    private void OnEvent(string data, DateTimeOffset received)
    {
        connected.TrySetResult();
        using var json = JsonDocument.Parse(data);
        var root = json.RootElement;
        var kind = root.TryGetProperty("kind", out var k) ? k.GetString() : null;
        if (kind == "progress" && root.TryGetProperty("at", out var at))
        {
            ProgressLatenciesMs.Add((received - at.GetDateTimeOffset()).TotalMilliseconds);
            FirstProgressAt ??= received;
            LastProgressAt = received;
        }
        else if (kind == "state" && root.TryGetProperty("status", out var status) && status.GetString() is "succeeded" or "failed" or "canceled")
        {
            SawFinal = true;
        }
    }
}
