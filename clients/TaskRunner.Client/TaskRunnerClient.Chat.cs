using System.Net.Http.Headers;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;

namespace TaskRunner.Client;

public partial class TaskRunnerClient
{
    // The chat bodies are written by the Api's records (camelCase); they are not in the generated schema because the
    // operation answers either an event stream or JSON, and the document describes the stream.
    private static readonly JsonSerializerOptions ChatJson = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// Asks a question and reads the answer as it is written (POST /api/v1/chat as <c>text/event-stream</c>): retrieval,
    /// tokens, then done or error. Refusals (bad input, unknown documents, rate limit) throw
    /// <see cref="ApiException{ProblemDetails}"/> before the first event.
    /// </summary>
    public async IAsyncEnumerable<ChatStreamEvent> StreamChatAsync(ChatRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Stream = true;
        using var message = new HttpRequestMessage(HttpMethod.Post, "api/v1/chat") { Content = ChatContent(request) };
        message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        using var response = await _httpClient.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw await ProblemAsync(response, cancellationToken).ConfigureAwait(false);
        }

        using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await foreach (var item in SseParser.Create(stream, ReadChatEvent).EnumerateAsync(cancellationToken).ConfigureAwait(false))
        {
            if (item.Data is not { } chatEvent)
            {
                continue;
            }

            yield return chatEvent;
            if (chatEvent is ChatDoneEvent or ChatErrorEvent)
            {
                yield break;
            }
        }
    }

    /// <summary>Asks a question and waits for the whole answer (POST /api/v1/chat as JSON). An LLM that fails for good is a 503 problem.</summary>
    public async Task<ChatAnswer> AskAsync(ChatRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Stream = false;
        using var message = new HttpRequestMessage(HttpMethod.Post, "api/v1/chat") { Content = ChatContent(request) };
        message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var response = await _httpClient.SendAsync(message, cancellationToken).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw Problem(response, text);
        }

        return JsonSerializer.Deserialize<ChatAnswer>(text, ChatJson) ?? throw new ApiException("The chat answer was empty.", (int)response.StatusCode, text, new Dictionary<string, IEnumerable<string>>(), null);
    }

    private StringContent ChatContent(ChatRequest request) =>
        new(JsonSerializer.Serialize(request, JsonSerializerSettings), Encoding.UTF8, "application/json");

    /// <summary>An event's data by its name; unknown events (a newer server's) are skipped.</summary>
    private static ChatStreamEvent? ReadChatEvent(string eventType, ReadOnlySpan<byte> data) => eventType switch
    {
        "retrieval" => JsonSerializer.Deserialize<ChatRetrievalEvent>(data, ChatJson),
        "token" => JsonSerializer.Deserialize<ChatTokenEvent>(data, ChatJson),
        "restart" => JsonSerializer.Deserialize<ChatRestartEvent>(data, ChatJson),
        "done" => JsonSerializer.Deserialize<ChatAnswer>(data, ChatJson) is { } answer ? new ChatDoneEvent(answer) : null,
        "error" => JsonSerializer.Deserialize<ChatErrorEvent>(data, ChatJson),
        _ => null,
    };
}
