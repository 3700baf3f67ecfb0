using System.Globalization;
using Google.Protobuf.Collections;
using Qdrant.Client.Grpc;

namespace TaskRunner.Retrieval.VectorStore.Qdrant;

/// <summary>Maps <see cref="VectorPayload"/> to Qdrant payload keys and back; tenant_id and document_id are indexed.</summary>
internal static class QdrantPayload
{
    public const string TenantId = "tenant_id";
    public const string DocumentId = "document_id";
    public const string Ordinal = "ordinal";
    public const string Page = "page";
    public const string Section = "section";
    public const string TextHash = "text_hash";

    public static PointStruct ToPoint(VectorPoint p)
    {
        var point = new PointStruct
        {
            Id = new PointId { Uuid = p.Id.ToString("D", CultureInfo.InvariantCulture) },
            Vectors = new Vectors { Vector = new Vector { Dense = new DenseVector { Data = { p.Vector } } } },
        };
        point.Payload[TenantId] = new Value { StringValue = p.Payload.TenantId };
        point.Payload[DocumentId] = new Value { StringValue = p.Payload.DocumentId.ToString("D", CultureInfo.InvariantCulture) };
        point.Payload[Ordinal] = new Value { IntegerValue = p.Payload.Ordinal };
        if (p.Payload.Page is { } page) point.Payload[Page] = new Value { IntegerValue = page };
        if (p.Payload.Section is { } section) point.Payload[Section] = new Value { StringValue = section };
        point.Payload[TextHash] = new Value { StringValue = p.Payload.TextHash };
        return point;
    }

    public static VectorPayload FromWire(MapField<string, Value> payload)
    {
        if (payload.Count == 0) throw new VectorStoreException("Qdrant returned a point without payload; the query must ask for it.", isTransient: false);
        return new VectorPayload(
            String(payload, TenantId) ?? string.Empty,
            Guid.TryParse(String(payload, DocumentId), out var doc) ? doc : Guid.Empty,
            Integer(payload, Ordinal) ?? 0,
            Integer(payload, Page),
            String(payload, Section),
            String(payload, TextHash) ?? string.Empty);
    }

    public static Guid ParseId(PointId id) =>
        id.PointIdOptionsCase == PointId.PointIdOptionsOneofCase.Uuid && Guid.TryParse(id.Uuid, out var guid)
            ? guid
            : throw new VectorStoreException($"Qdrant returned point id {id}, which is not a UUID written by this store.", isTransient: false);

    private static string? String(MapField<string, Value> payload, string key) =>
        payload.TryGetValue(key, out var v) && v.KindCase == Value.KindOneofCase.StringValue ? v.StringValue : null;

    private static int? Integer(MapField<string, Value> payload, string key) =>
        payload.TryGetValue(key, out var v) && v.KindCase == Value.KindOneofCase.IntegerValue ? checked((int)v.IntegerValue) : null;
}
