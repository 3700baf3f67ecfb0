using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace TaskRunner.Bench.Infrastructure;

/// <summary>The few Api calls the scenarios make; each throws on an unexpected status so the load runner counts it as failed.</summary>
public sealed class PlatformClient(HttpClient http)
{
    private int serverErrors;

    public HttpClient Http => http;

    /// <summary>Answers with a status of 500 or more so far (issue #12 counts them in every scenario).</summary>
    public int ServerErrors => Volatile.Read(ref serverErrors);

    /// <summary>Uploads a file; returns the ingestion task id (202) — never a duplicate, callers send unique bytes.</summary>
    public async Task<Guid> UploadAsync(byte[] content, string fileName, CancellationToken ct)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", fileName);
        using var response = await http.PostAsync("/api/v1/documents", form, ct);
        var body = await ExpectAsync(response, HttpStatusCode.Accepted, ct);
        return body.GetProperty("taskId").GetGuid();
    }

    public async Task<Guid> SubmitNoopAsync(int durationMs, int steps, CancellationToken ct)
    {
        using var response = await http.PostAsJsonAsync("/api/v1/diagnostics/noop", new { durationMs, steps }, ct);
        return (await ExpectAsync(response, HttpStatusCode.Accepted, ct)).GetProperty("taskId").GetGuid();
    }

    /// <summary>Submits an exercise generation task; null when the endpoint does not exist (404 without a problem body naming a task).</summary>
    public async Task<Guid?> SubmitGenerationAsync(string topic, CancellationToken ct)
    {
        var request = new { topic, count = 1, types = new[] { "multiple_choice" }, difficulty = "easy", language = "en" };
        using var response = await http.PostAsJsonAsync("/api/v1/exercises/generate", request, ct);
        if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed)
        {
            return null;
        }

        return (await ExpectAsync(response, HttpStatusCode.Accepted, ct)).GetProperty("taskId").GetGuid();
    }

    public async Task GetTaskAsync(Guid id, CancellationToken ct)
    {
        using var response = await http.GetAsync($"/api/v1/tasks/{id}", ct);
        await ExpectAsync(response, HttpStatusCode.OK, ct);
    }

    private async Task<JsonElement> ExpectAsync(HttpResponseMessage response, HttpStatusCode expected, CancellationToken ct)
    {
        if ((int)response.StatusCode >= 500)
        {
            Interlocked.Increment(ref serverErrors);
        }

        var body = await response.Content.ReadAsStringAsync(ct);
        if (response.StatusCode != expected)
        {
            throw new HttpRequestException($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.AbsolutePath} answered {(int)response.StatusCode}: {Truncate(body)}");
        }

        return JsonSerializer.Deserialize<JsonElement>(body);
    }

    private static string Truncate(string text) => text.Length <= 300 ? text : text[..300];
}
