using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace TaskRunner.Retrieval.VectorStore.Qdrant;

/// <summary>Sends one Qdrant request and turns every failure into a <see cref="VectorStoreException"/> that says transient or permanent.</summary>
internal static class QdrantHttp
{
    public static async Task<HttpResponseMessage> SendAsync(HttpClient http, HttpMethod method, string path, object? body,
        CancellationToken ct, params HttpStatusCode[] accepted)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null) request.Content = JsonContent.Create(body, body.GetType(), options: QdrantJson.Options);

        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (!ct.IsCancellationRequested)
        {
            throw new VectorStoreException($"Qdrant {method} {path} timed out (transient).", isTransient: true, innerException: ex);
        }
        catch (HttpRequestException ex)
        {
            throw new VectorStoreException($"Qdrant {method} {path} could not be reached: {ex.Message} (transient).", isTransient: true, innerException: ex);
        }

        if (response.IsSuccessStatusCode || accepted.Contains(response.StatusCode)) return response;
        using (response)
        {
            throw await ToExceptionAsync(response, method, path, ct).ConfigureAwait(false);
        }
    }

    public static async Task<T> ReadResultAsync<T>(HttpResponseMessage response, string path, CancellationToken ct)
    {
        using (response)
        {
            QdrantEnvelope<T>? envelope;
            try
            {
                envelope = await response.Content.ReadFromJsonAsync<QdrantEnvelope<T>>(QdrantJson.Options, ct).ConfigureAwait(false);
            }
            catch (JsonException ex)
            {
                throw new VectorStoreException($"Qdrant {path} answered with a body this client cannot read: {ex.Message}", isTransient: false, (int)response.StatusCode, ex);
            }

            return envelope is { Result: { } result }
                ? result
                : throw new VectorStoreException($"Qdrant {path} answered without a result.", isTransient: false, (int)response.StatusCode);
        }
    }

    private static async Task<VectorStoreException> ToExceptionAsync(HttpResponseMessage response, HttpMethod method, string path, CancellationToken ct)
    {
        var code = (int)response.StatusCode;
        var transient = code >= 500 || response.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests;
        var body = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
        var detail = ErrorText(body);
        var kind = transient ? "transient" : "permanent";
        return new VectorStoreException($"Qdrant {method} {path} failed with {code} {response.ReasonPhrase}: {detail} ({kind}).", transient, code);
    }

    /// <summary>ErrorResponse is {"status": {"error": "..."}, "time": ...}; fall back to the raw body when it is not.</summary>
    private static string ErrorText(string body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            if (doc.RootElement.ValueKind == JsonValueKind.Object
                && doc.RootElement.TryGetProperty("status", out var status)
                && status.ValueKind == JsonValueKind.Object
                && status.TryGetProperty("error", out var error))
                return error.GetString() ?? "(no error text)";
        }
        catch (JsonException)
        {
            // Not JSON (a proxy's HTML page, say): report the raw text below.
        }

        return body.Length == 0 ? "(empty body)" : body[..Math.Min(body.Length, 500)];
    }
}
