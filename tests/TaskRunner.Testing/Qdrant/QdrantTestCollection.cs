using TaskRunner.Testing.Qdrant.Grpc;

namespace TaskRunner.Testing.Qdrant;

/// <summary>One in-memory collection: single unnamed dense vector, cosine distance, payload indexes recorded.</summary>
internal sealed class QdrantTestCollection(ulong size)
{
    private readonly Lock _gate = new();
    private readonly SortedDictionary<string, StoredTestPoint> _points = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FieldType> _indexes = [];
    private ulong _operation;

    public ulong Size { get; } = size;

    public int Count { get { lock (_gate) return _points.Count; } }

    public IReadOnlyDictionary<string, FieldType> Indexes { get { lock (_gate) return new Dictionary<string, FieldType>(_indexes); } }

    public ulong Index(string field, FieldType type)
    {
        lock (_gate)
        {
            _indexes[field] = type;
            return ++_operation;
        }
    }

    public ulong Upsert(IEnumerable<StoredTestPoint> points)
    {
        lock (_gate)
        {
            foreach (var p in points) _points[p.Id] = p;
            return ++_operation;
        }
    }

    public ulong Delete(Func<StoredTestPoint, bool> selected)
    {
        lock (_gate)
        {
            foreach (var id in _points.Values.Where(selected).Select(p => p.Id).ToList()) _points.Remove(id);
            return ++_operation;
        }
    }

    /// <summary>Points matching the filter, in id order (the order Qdrant scrolls in).</summary>
    public List<StoredTestPoint> Select(Filter? filter)
    {
        lock (_gate)
        {
            return _points.Values.Where(p => QdrantFilterEvaluator.Matches(filter, p.Id, p.Payload)).ToList();
        }
    }
}
