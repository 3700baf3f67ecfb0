using Grpc.Core;
using TaskRunner.Testing.Qdrant.Grpc;

namespace TaskRunner.Testing.Qdrant;

/// <summary>
/// Evaluates the subset of Qdrant's Filter the project uses: must / should / must_not of FieldCondition with a keyword,
/// keywords (any), except-keywords or integer match, has_id, and nested filters. Anything else is refused loudly, as
/// InvalidArgument, so a new kind of condition in the adapter shows up as a failing test rather than a silent match.
/// </summary>
internal static class QdrantFilterEvaluator
{
    public static bool Matches(Filter? filter, string id, IReadOnlyDictionary<string, Value> payload)
    {
        if (filter is null) return true;
        if (filter.MinShould is not null) throw Unsupported("min_should");
        return filter.Must.All(c => Condition(c, id, payload))
            && (filter.Should.Count == 0 || filter.Should.Any(c => Condition(c, id, payload)))
            && !filter.MustNot.Any(c => Condition(c, id, payload));
    }

    /// <summary>The tenant a filter pins with a top-level must condition on tenant_id, or null when it pins none.</summary>
    public static string? Tenant(Filter? filter) =>
        filter?.Must.FirstOrDefault(c => c.Field is { Key: "tenant_id", Match.MatchValueCase: Match.MatchValueOneofCase.Keyword } f
            && f.Match.Keyword.Length > 0)?.Field.Match.Keyword;

    private static bool Condition(Condition condition, string id, IReadOnlyDictionary<string, Value> payload) => condition.ConditionOneOfCase switch
    {
        Grpc.Condition.ConditionOneOfOneofCase.HasId => condition.HasId.HasId.Any(i => QdrantPointIds.Normalise(i) == id),
        Grpc.Condition.ConditionOneOfOneofCase.Filter => Matches(condition.Filter, id, payload),
        Grpc.Condition.ConditionOneOfOneofCase.Field => Field(condition.Field, payload),
        _ => throw Unsupported(condition.ConditionOneOfCase.ToString()),
    };

    private static bool Field(FieldCondition field, IReadOnlyDictionary<string, Value> payload)
    {
        if (field.Match is null) throw Unsupported($"field condition on {field.Key} without match");
        if (!payload.TryGetValue(field.Key, out var actual)) return false;
        var text = actual.KindCase == Value.KindOneofCase.StringValue ? actual.StringValue : null;
        return field.Match.MatchValueCase switch
        {
            Match.MatchValueOneofCase.Keyword => text == field.Match.Keyword,
            Match.MatchValueOneofCase.Keywords => text is not null && field.Match.Keywords.Strings.Contains(text),
            Match.MatchValueOneofCase.ExceptKeywords => text is not null && !field.Match.ExceptKeywords.Strings.Contains(text),
            Match.MatchValueOneofCase.Integer => actual.KindCase == Value.KindOneofCase.IntegerValue && actual.IntegerValue == field.Match.Integer,
            _ => throw Unsupported($"match {field.Match.MatchValueCase}"),
        };
    }

    private static RpcException Unsupported(string what) =>
        new(new Status(StatusCode.InvalidArgument, $"The Qdrant test double does not support the filter condition {what}."));
}
