using System.Text.Json.Nodes;

namespace TaskRunner.Testing.Qdrant;

/// <summary>One in-memory collection: single unnamed vector, cosine distance, payload indexes recorded.</summary>
internal sealed class QdrantTestCollection(int size)
{
    private readonly Lock _gate = new();
    private readonly SortedDictionary<string, (JsonNode Id, float[] Vector, JsonObject Payload)> _points = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _indexes = [];
    private long _operation;

    public int Size { get; } = size;

    public int Count { get { lock (_gate) return _points.Count; } }

    public IReadOnlyDictionary<string, string> Indexes { get { lock (_gate) return new Dictionary<string, string>(_indexes); } }

    public long Index(string field, string schema)
    {
        lock (_gate)
        {
            _indexes[field] = schema;
            return ++_operation;
        }
    }

    public long Upsert(IEnumerable<(JsonNode Id, float[] Vector, JsonObject Payload)> points)
    {
        lock (_gate)
        {
            foreach (var p in points) _points[QdrantFilterEvaluator.NormaliseId(p.Id)] = p;
            return ++_operation;
        }
    }

    public long Delete(Func<string, JsonObject, bool> selected)
    {
        lock (_gate)
        {
            foreach (var id in _points.Where(p => selected(p.Key, p.Value.Payload)).Select(p => p.Key).ToList()) _points.Remove(id);
            return ++_operation;
        }
    }

    public List<(string Key, JsonNode Id, float[] Vector, JsonObject Payload)> Select(JsonNode? filter)
    {
        lock (_gate)
        {
            return _points.Where(p => QdrantFilterEvaluator.Matches(filter, p.Key, p.Value.Payload))
                .Select(p => (p.Key, p.Value.Id.DeepClone(), p.Value.Vector, (JsonObject)p.Value.Payload.DeepClone()))
                .ToList();
        }
    }
}
