using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace TaskRunner.Testing.OpenAi;

public sealed partial class OpenAiTestServer
{
    private async Task HandleChatAsync(HttpContext context)
    {
        var ct = context.RequestAborted;
        var arrived = DateTimeOffset.UtcNow;
        var current = Interlocked.Increment(ref _currentRequests);
        Interlocked.Increment(ref _totalRequests);
        UpdateMax(current);
        var counted = 1;
        // Leave the count just before the last bytes go out, so a client that starts its next call on
        // receiving them can never be counted as overlapping this one.
        void Finish()
        {
            if (Interlocked.Exchange(ref counted, 0) == 1)
            {
                Interlocked.Decrement(ref _currentRequests);
            }
        }
        try
        {
            if (!await AuthorizedAsync(context, ct))
            {
                return;
            }
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync(ct);
            ReceivedChatRequest request;
            try
            {
                request = ChatRequestReader.Read(body);
            }
            catch (JsonException ex)
            {
                await WriteErrorAsync(context, 400, $"Invalid JSON body: {ex.Message}", "invalid_request_error", null, ct);
                return;
            }
            _requests.Enqueue(request);
            var reply = Responder?.Invoke(request) ?? (_script.TryDequeue(out var scripted)
                ? scripted
                : ScriptedReply.Content(DefaultReply(request), DefaultPieces, DefaultDelayBetweenPieces));
            if (Latency + reply.Delay > TimeSpan.Zero)
            {
                await Task.Delay(Latency + reply.Delay, ct);
            }
            if (reply.HoldUntil is { } hold)
            {
                await hold.WaitAsync(ct);
            }
            await WriteReplyAsync(context, request, reply, Finish, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The client went away.
            Interlocked.Increment(ref _abortedRequests);
        }
        finally
        {
            Finish();
            _callTimings.Enqueue(new ChatCallTiming(arrived, DateTimeOffset.UtcNow));
        }
    }

    private static async Task WriteReplyAsync(HttpContext context, ReceivedChatRequest request, ScriptedReply reply, Action finish, CancellationToken ct)
    {
        if (reply.Kind == ScriptedReplyKind.Status)
        {
            finish();
            if (reply.RetryAfter is not null)
            {
                context.Response.Headers.RetryAfter = reply.RetryAfter;
            }
            var (type, code) = reply.StatusCode switch
            {
                429 => ("rate_limit_exceeded", "rate_limit_exceeded"),
                401 => ("invalid_request_error", "invalid_api_key"),
                404 => ("invalid_request_error", "model_not_found"),
                >= 500 => ("server_error", (string?)null),
                _ => ("invalid_request_error", null),
            };
            await WriteErrorAsync(context, reply.StatusCode, $"Scripted error {reply.StatusCode}", type, code, ct);
            return;
        }

        var id = $"chatcmpl-{Guid.NewGuid():N}";
        var model = request.Model;
        var promptTokens = request.Messages.Sum(m => ChatCompletionWire.Tokens(m.Content));
        if (!request.Stream)
        {
            if (reply.Kind == ScriptedReplyKind.CutMidway)
            {
                context.Abort();
                return;
            }
            context.Response.ContentType = "application/json";
            finish();
            await context.Response.WriteAsync(
                ChatCompletionWire.Completion(id, model, reply.Text, promptTokens, ChatCompletionWire.Tokens(reply.Text)), ct);
            return;
        }

        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        if (reply.Kind == ScriptedReplyKind.Endless)
        {
            for (var first = true; ; first = false)
            {
                await WriteEventAsync(context, ChatCompletionWire.Chunk(id, model, reply.Text, null, first), ct);
                await Task.Delay(reply.DelayBetweenPieces, ct);
            }
        }
        var pieces = ChatCompletionWire.Split(reply.Text, reply.Pieces);
        for (var i = 0; i < pieces.Count; i++)
        {
            if (i > 0 && reply.DelayBetweenPieces > TimeSpan.Zero)
            {
                await Task.Delay(reply.DelayBetweenPieces, ct);
            }
            if (reply.Kind == ScriptedReplyKind.CutMidway && i >= reply.PiecesBeforeCut)
            {
                context.Abort();
                return;
            }
            await WriteEventAsync(context, ChatCompletionWire.Chunk(id, model, pieces[i], null, first: i == 0), ct);
        }
        if (reply.Kind == ScriptedReplyKind.CutMidway)
        {
            context.Abort();
            return;
        }
        finish();
        await WriteEventAsync(context, ChatCompletionWire.Chunk(id, model, null, "stop", first: false), ct);
        if (request.IncludeUsage)
        {
            await WriteEventAsync(context, ChatCompletionWire.UsageChunk(id, model, promptTokens, ChatCompletionWire.Tokens(reply.Text)), ct);
        }
        await WriteEventAsync(context, "[DONE]", ct);
    }

    private async Task HandleEmbeddingsAsync(HttpContext context)
    {
        var ct = context.RequestAborted;
        Interlocked.Increment(ref _embeddingRequests);
        if (!await AuthorizedAsync(context, ct))
        {
            return;
        }
        using var doc = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: ct);
        var root = doc.RootElement;
        var inputs = root.GetProperty("input") is { ValueKind: JsonValueKind.Array } array
            ? array.EnumerateArray().Select(e => e.GetString() ?? "").ToList()
            : [root.GetProperty("input").GetString() ?? ""];
        var dimensions = root.TryGetProperty("dimensions", out var d) && d.ValueKind == JsonValueKind.Number ? d.GetInt32() : EmbeddingDimensions;
        var base64 = root.TryGetProperty("encoding_format", out var f) && f.GetString() == "base64";
        var data = new JsonArray();
        for (var i = 0; i < inputs.Count; i++)
        {
            var vector = FakeEmbeddings.Embed(inputs[i], dimensions);
            JsonNode embedding = base64
                ? Convert.ToBase64String(System.Runtime.InteropServices.MemoryMarshal.AsBytes(vector.AsSpan()))
                : new JsonArray(vector.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());
            data.Add(new JsonObject { ["object"] = "embedding", ["index"] = i, ["embedding"] = embedding });
        }
        var tokens = inputs.Sum(ChatCompletionWire.Tokens);
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(new JsonObject
        {
            ["object"] = "list",
            ["data"] = data,
            ["model"] = root.TryGetProperty("model", out var m) ? m.GetString() : "test-embedding",
            ["usage"] = new JsonObject { ["prompt_tokens"] = tokens, ["total_tokens"] = tokens },
        }.ToJsonString(), ct);
    }

    private async Task<bool> AuthorizedAsync(HttpContext context, CancellationToken ct)
    {
        if (ApiKey is null || context.Request.Headers.Authorization.ToString() == $"Bearer {ApiKey}")
        {
            return true;
        }
        await WriteErrorAsync(context, 401, "Incorrect API key provided.", "invalid_request_error", "invalid_api_key", ct);
        return false;
    }

    private static async Task WriteErrorAsync(HttpContext context, int status, string message, string type, string? code, CancellationToken ct)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(ChatCompletionWire.Error(message, type, code), ct);
    }

    private static async Task WriteEventAsync(HttpContext context, string data, CancellationToken ct)
    {
        await context.Response.WriteAsync($"data: {data}\n\n", ct);
        await context.Response.Body.FlushAsync(ct);
    }

    private void UpdateMax(int current)
    {
        var max = Volatile.Read(ref _maxConcurrentRequests);
        while (current > max)
        {
            var seen = Interlocked.CompareExchange(ref _maxConcurrentRequests, current, max);
            if (seen == max)
            {
                return;
            }
            max = seen;
        }
    }
}
