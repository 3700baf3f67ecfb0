using System.Text.Json;

namespace TaskRunner.Testing.OpenAi;

internal static class ChatRequestReader
{
    public static ReceivedChatRequest Read(string body)
    {
        using var doc = JsonDocument.Parse(body);
        var root = doc.RootElement;
        var messages = new List<ReceivedMessage>();
        if (root.TryGetProperty("messages", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            foreach (var m in list.EnumerateArray())
            {
                messages.Add(new ReceivedMessage(GetString(m, "role") ?? "", ReadContent(m)));
            }
        }
        string? formatType = null, schemaName = null, schema = null;
        if (root.TryGetProperty("response_format", out var format) && format.ValueKind == JsonValueKind.Object)
        {
            formatType = GetString(format, "type");
            if (format.TryGetProperty("json_schema", out var js) && js.ValueKind == JsonValueKind.Object)
            {
                schemaName = GetString(js, "name");
                schema = js.TryGetProperty("schema", out var s) ? s.GetRawText() : null;
            }
        }
        var includeUsage = root.TryGetProperty("stream_options", out var so) && so.ValueKind == JsonValueKind.Object
            && so.TryGetProperty("include_usage", out var iu) && iu.ValueKind == JsonValueKind.True;
        return new ReceivedChatRequest(
            GetString(root, "model") ?? "",
            messages,
            root.TryGetProperty("stream", out var stream) && stream.ValueKind == JsonValueKind.True,
            includeUsage,
            formatType,
            schemaName,
            schema,
            root.TryGetProperty("temperature", out var t) && t.ValueKind == JsonValueKind.Number ? t.GetDouble() : null,
            body,
            ReadInt(root, "max_completion_tokens") ?? ReadInt(root, "max_tokens"));
    }

    private static int? ReadInt(JsonElement element, string name) =>
        element.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt32() : null;

    private static string ReadContent(JsonElement message)
    {
        if (!message.TryGetProperty("content", out var content))
        {
            return "";
        }
        if (content.ValueKind == JsonValueKind.String)
        {
            return content.GetString() ?? "";
        }
        if (content.ValueKind != JsonValueKind.Array)
        {
            return "";
        }
        // Content parts: [{ "type": "text", "text": "..." }]
        return string.Concat(content.EnumerateArray().Select(p => GetString(p, "text") ?? ""));
    }

    private static string? GetString(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String
            ? v.GetString()
            : null;
}
