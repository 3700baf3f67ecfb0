using System.Text.Json.Nodes;

namespace TaskRunner.Testing.Qdrant;

/// <summary>
/// Evaluates the subset of Qdrant's Filter the project uses: must / should / must_not (object or array) of
/// FieldCondition with match.value or match.any, has_id, and nested filters. Anything else is refused loudly.
/// </summary>
internal static class QdrantFilterEvaluator
{
    public static bool Matches(JsonNode? filter, string id, JsonObject payload)
    {
        if (filter is not JsonObject f) return true;
        var must = Conditions(f["must"]);
        var should = Conditions(f["should"]);
        var mustNot = Conditions(f["must_not"]);
        return must.All(c => Condition(c, id, payload))
            && (should.Count == 0 || should.Any(c => Condition(c, id, payload)))
            && !mustNot.Any(c => Condition(c, id, payload));
    }

    private static List<JsonNode> Conditions(JsonNode? node) => node switch
    {
        null => [],
        JsonArray array => array.Where(n => n is not null).Select(n => n!).ToList(),
        _ => [node],
    };

    private static bool Condition(JsonNode condition, string id, JsonObject payload)
    {
        var c = condition.AsObject();
        if (c["has_id"] is JsonArray ids) return ids.Any(i => NormaliseId(i) == id);
        if (c.ContainsKey("must") || c.ContainsKey("should") || c.ContainsKey("must_not")) return Matches(c, id, payload);
        if (c["key"] is not JsonValue keyNode || c["match"] is not JsonObject match)
            throw new NotSupportedException($"The Qdrant test server does not support the condition {c.ToJsonString()}.");

        var key = keyNode.GetValue<string>();
        var actual = payload[key]?.ToJsonString();
        if (actual is null) return false;
        if (match["value"] is { } value) return actual == value.ToJsonString();
        if (match["any"] is JsonArray any) return any.Any(v => v?.ToJsonString() == actual);
        if (match["except"] is JsonArray except) return except.All(v => v?.ToJsonString() != actual);
        throw new NotSupportedException($"The Qdrant test server does not support the match {match.ToJsonString()}.");
    }

    /// <summary>Qdrant answers UUIDs in lowercase hyphenated form and integers as numbers; ids are kept in that text form.</summary>
    public static string NormaliseId(JsonNode? id) =>
        id is JsonValue v && v.TryGetValue<string>(out var s) && Guid.TryParse(s, out var guid)
            ? guid.ToString("D")
            : id?.ToJsonString() ?? throw new ArgumentException("Point id missing.");
}
