using System.Net.Http.Headers;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace TaskRunner.Client;

public partial class TaskRunnerClient
{
    private static readonly string[] FinalStatuses = ["succeeded", "failed", "canceled"];

    /// <summary>
    /// The task's events as they happen (GET /api/v1/tasks/{id}/events): its current state first, then progress, tokens
    /// and state changes; the sequence ends after the final state, or when the server closes the stream.
    /// </summary>
    public async IAsyncEnumerable<TaskEvent> ReadTaskEventsAsync(Guid taskId, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"api/v1/tasks/{taskId}/events");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        using var response = await _httpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw await ProblemAsync(response, cancellationToken).ConfigureAwait(false);
        }

        using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        var parser = SseParser.Create(stream, (_, data) => JsonSerializer.Deserialize<TaskEvent>(data, JsonSerializerSettings));
        await foreach (var item in parser.EnumerateAsync(cancellationToken).ConfigureAwait(false))
        {
            if (item.Data is not { } taskEvent)
            {
                continue;
            }

            yield return taskEvent;
            if (IsFinal(taskEvent))
            {
                yield break;
            }
        }
    }

    /// <summary>Follows the task's events until it is final (reporting each one), then reads and returns the task.</summary>
    public async Task<TaskResponse> WaitForTaskAsync(Guid taskId, IProgress<TaskEvent>? progress = null, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            await foreach (var taskEvent in ReadTaskEventsAsync(taskId, cancellationToken).ConfigureAwait(false))
            {
                progress?.Report(taskEvent);
            }

            // The stream ends at the final state; a stream cut short (a proxy, a restart) is read again from the current state.
            var task = await GetTaskAsync(taskId, cancellationToken).ConfigureAwait(false);
            if (IsFinalStatus(task.Status))
            {
                return task;
            }
        }
    }

    public static bool IsFinalStatus(string? status) => status is not null && FinalStatuses.Contains(status);

    private static bool IsFinal(TaskEvent taskEvent) => taskEvent.Kind == "state" && IsFinalStatus(taskEvent.Status);

    private async Task<ApiException> ProblemAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        return Problem(response, text);
    }

    /// <summary>The exception for a refused request: <see cref="ApiException{ProblemDetails}"/> when the body is a problem.</summary>
    private ApiException Problem(HttpResponseMessage response, string text)
    {
        var headers = response.Headers.ToDictionary(h => h.Key, h => h.Value);
        ProblemDetails? problem = null;
        try
        {
            problem = JsonSerializer.Deserialize<ProblemDetails>(text, JsonSerializerSettings);
        }
        catch (JsonException)
        {
        }

        var message = problem?.Detail ?? problem?.Title ?? $"HTTP {(int)response.StatusCode}";
        return problem is null
            ? new ApiException(message, (int)response.StatusCode, text, headers, null)
            : new ApiException<ProblemDetails>(message, (int)response.StatusCode, text, headers, problem, null);
    }
}
