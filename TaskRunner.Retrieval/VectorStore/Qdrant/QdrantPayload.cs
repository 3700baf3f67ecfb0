using System.Globalization;
using System.Text.Json;

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

    public static Dictionary<string, object?> ToWire(VectorPayload p) => new()
    {
        [TenantId] = p.TenantId,
        [DocumentId] = p.DocumentId.ToString("D", CultureInfo.InvariantCulture),
        [Ordinal] = p.Ordinal,
        [Page] = p.Page,
        [Section] = p.Section,
        [TextHash] = p.TextHash,
    };

    public static VectorPayload FromWire(IReadOnlyDictionary<string, JsonElement>? payload)
    {
        if (payload is null) throw new VectorStoreException("Qdrant returned a point without payload; the query must ask for with_payload.", isTransient: false);
        return new VectorPayload(
            String(payload, TenantId) ?? string.Empty,
            Guid.TryParse(String(payload, DocumentId), out var doc) ? doc : Guid.Empty,
            payload.TryGetValue(Ordinal, out var o) && o.ValueKind == JsonValueKind.Number ? o.GetInt32() : 0,
            payload.TryGetValue(Page, out var page) && page.ValueKind == JsonValueKind.Number ? page.GetInt32() : null,
            String(payload, Section),
            String(payload, TextHash) ?? string.Empty);
    }

    public static Guid ParseId(JsonElement id) =>
        id.ValueKind == JsonValueKind.String && Guid.TryParse(id.GetString(), out var guid)
            ? guid
            : throw new VectorStoreException($"Qdrant returned point id {id.GetRawText()}, which is not a UUID written by this store.", isTransient: false);

    private static string? String(IReadOnlyDictionary<string, JsonElement> payload, string key) =>
        payload.TryGetValue(key, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
