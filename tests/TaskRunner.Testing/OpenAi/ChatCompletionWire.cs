using System.Text.Json.Nodes;

namespace TaskRunner.Testing.OpenAi;

/// <summary>The JSON bodies of the chat completions API, as OpenAI sends them.</summary>
internal static class ChatCompletionWire
{
    public static string Completion(string id, string model, string content, int promptTokens, int completionTokens) =>
        new JsonObject
        {
            ["id"] = id,
            ["object"] = "chat.completion",
            ["created"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            ["model"] = model,
            ["choices"] = new JsonArray(new JsonObject
            {
                ["index"] = 0,
                ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = content, ["refusal"] = null },
                ["logprobs"] = null,
                ["finish_reason"] = "stop",
            }),
            ["usage"] = Usage(promptTokens, completionTokens),
        }.ToJsonString();

    public static string Chunk(string id, string model, string? content, string? finishReason, bool first) =>
        new JsonObject
        {
            ["id"] = id,
            ["object"] = "chat.completion.chunk",
            ["created"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            ["model"] = model,
            ["choices"] = new JsonArray(new JsonObject
            {
                ["index"] = 0,
                ["delta"] = content is null
                    ? new JsonObject()
                    : first
                        ? new JsonObject { ["role"] = "assistant", ["content"] = content }
                        : new JsonObject { ["content"] = content },
                ["logprobs"] = null,
                ["finish_reason"] = finishReason,
            }),
        }.ToJsonString();

    public static string UsageChunk(string id, string model, int promptTokens, int completionTokens) =>
        new JsonObject
        {
            ["id"] = id,
            ["object"] = "chat.completion.chunk",
            ["created"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            ["model"] = model,
            ["choices"] = new JsonArray(),
            ["usage"] = Usage(promptTokens, completionTokens),
        }.ToJsonString();

    public static string Error(string message, string type, string? code) =>
        new JsonObject
        {
            ["error"] = new JsonObject { ["message"] = message, ["type"] = type, ["param"] = null, ["code"] = code },
        }.ToJsonString();

    /// <summary>Splits text into <paramref name="pieces"/> nearly equal parts (never splitting a surrogate pair).</summary>
    public static IReadOnlyList<string> Split(string text, int pieces)
    {
        pieces = Math.Clamp(pieces, 1, Math.Max(1, text.Length));
        var parts = new List<string>(pieces);
        var start = 0;
        for (var i = 1; i <= pieces; i++)
        {
            var end = i == pieces ? text.Length : (int)((long)text.Length * i / pieces);
            if (end < text.Length && end > 0 && char.IsHighSurrogate(text[end - 1]))
            {
                end++;
            }
            if (end > start)
            {
                parts.Add(text[start..end]);
                start = end;
            }
        }
        return parts;
    }

    /// <summary>A rough token count (4 characters per token) for usage numbers.</summary>
    public static int Tokens(string text) => Math.Max(1, text.Length / 4);

    private static JsonObject Usage(int promptTokens, int completionTokens) => new()
    {
        ["prompt_tokens"] = promptTokens,
        ["completion_tokens"] = completionTokens,
        ["total_tokens"] = promptTokens + completionTokens,
    };
}
