using System.Text.Json;
using System.Text.Json.Serialization;

namespace TaskRunner.Retrieval.VectorStore.Qdrant;

// Request and response bodies of the Qdrant REST API (schemas in openapi.json under components/schemas),
// serialised with snake_case names; only the fields we use.

internal static class QdrantJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}

/// <summary>CreateCollection with VectorParams.</summary>
internal sealed record CreateCollectionRequest(VectorParams Vectors);

internal sealed record VectorParams(int Size, string Distance);

/// <summary>CreateFieldIndex; FieldSchema is a PayloadSchemaType ("keyword", "uuid", "integer").</summary>
internal sealed record CreateFieldIndexRequest(string FieldName, string FieldSchema);

/// <summary>PointsList of PointStruct.</summary>
internal sealed record PointsListRequest(IReadOnlyList<PointStructDto> Points);

internal sealed record PointStructDto(Guid Id, float[] Vector, Dictionary<string, object?> Payload);

/// <summary>FilterSelector.</summary>
internal sealed record FilterSelectorRequest(QdrantFilter Filter);

/// <summary>Filter with "must" conditions only (FieldCondition with MatchValue or MatchAny, or HasIdCondition).</summary>
internal sealed record QdrantFilter(IReadOnlyList<object> Must);

internal sealed record FieldConditionDto(string Key, object Match);

internal sealed record MatchValueDto(string Value);

/// <summary>HasIdCondition: the point's id is one of these.</summary>
internal sealed record HasIdConditionDto(IReadOnlyList<Guid> HasId);

internal sealed record MatchAnyDto(IReadOnlyList<string> Any);

/// <summary>QueryRequest: nearest-vector query.</summary>
internal sealed record QueryRequestDto(float[] Query, QdrantFilter Filter, int Limit, bool WithPayload);

/// <summary>ScrollRequest; Offset is an ExtendedPointId from the previous page.</summary>
internal sealed record ScrollRequestDto(QdrantFilter Filter, int Limit, JsonElement? Offset, bool WithPayload, bool WithVector);

/// <summary>The success envelope {result, status, time}.</summary>
internal sealed record QdrantEnvelope<T>(T? Result, JsonElement Status, double Time);

internal sealed record QueryResponseDto(IReadOnlyList<ScoredPointDto> Points);

internal sealed record ScoredPointDto(JsonElement Id, float Score, Dictionary<string, JsonElement>? Payload);

internal sealed record ScrollResultDto(IReadOnlyList<RecordDto> Points, JsonElement? NextPageOffset);

internal sealed record RecordDto(JsonElement Id, Dictionary<string, JsonElement>? Payload = null);
