using Grpc.Core;
using TaskRunner.Retrieval.VectorStore;
using TaskRunner.Testing.Qdrant.Grpc;

namespace TaskRunner.Testing.Qdrant;

/// <summary>
/// The Points service of the double: upsert, delete, query (nearest dense vector), scroll, count and payload index
/// creation, with the checks real Qdrant makes (collection exists, vector dimension, valid ids), plus one it does not:
/// every call that reads or deletes points must carry the tenant condition, since the adapter promises that.
/// </summary>
internal sealed class QdrantTestPointsService(QdrantTestState state) : Points.PointsBase
{
    public override Task<PointsOperationResponse> Upsert(UpsertPoints request, ServerCallContext context)
    {
        var collection = state.Collection(request.CollectionName);
        var points = request.Points.Select(p => new StoredTestPoint(
            QdrantPointIds.Normalise(p.Id ?? new PointId()), DenseVector(p.Vectors, collection.Size), new Dictionary<string, Value>(p.Payload))).ToList();
        return Completed(collection.Upsert(points));
    }

    public override Task<PointsOperationResponse> Delete(DeletePoints request, ServerCallContext context)
    {
        var collection = state.Collection(request.CollectionName);
        var selector = request.Points ?? throw Invalid("Wrong input: points selector is missing");
        if (selector.PointsSelectorOneOfCase == PointsSelector.PointsSelectorOneOfOneofCase.Points)
        {
            RequireTenant(null, "Delete by bare ids");
            var ids = selector.Points.Ids.Select(QdrantPointIds.Normalise).ToHashSet(StringComparer.Ordinal);
            return Completed(collection.Delete(p => ids.Contains(p.Id)));
        }

        RequireTenant(selector.Filter, "Delete");
        var doomed = collection.Select(selector.Filter).Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
        return Completed(collection.Delete(p => doomed.Contains(p.Id)));
    }

    public override Task<QueryResponse> Query(QueryPoints request, ServerCallContext context)
    {
        var collection = state.Collection(request.CollectionName);
        RequireTenant(request.Filter, "Query");
        if (request.Prefetch.Count > 0 || request.HasUsing) throw Invalid("Wrong input: the Qdrant test double supports a plain nearest query only");
        if (request.Query?.VariantCase != Grpc.Query.VariantOneofCase.Nearest || request.Query.Nearest.VariantCase != VectorInput.VariantOneofCase.Dense)
            throw Invalid("Wrong input: the Qdrant test double supports a nearest query with a dense vector only");
        var vector = request.Query.Nearest.Dense.Data.ToArray();
        CheckDimension(collection.Size, vector.Length);

        var limit = request.HasLimit ? (int)request.Limit : 10;
        var withPayload = request.WithPayload is { Enable: true };
        var response = new QueryResponse { Time = 0.001 };
        var ranked = VectorMath.TopK(vector, collection.Select(request.Filter), p => p.Vector, limit + (int)request.Offset).Skip((int)request.Offset);
        foreach (var (point, score) in ranked)
        {
            var scored = new ScoredPoint { Id = QdrantPointIds.Canonical(point.Id), Score = score, Version = 1 };
            if (withPayload) scored.Payload.Add(point.Payload);
            response.Result.Add(scored);
        }

        return Task.FromResult(response);
    }

    public override Task<ScrollResponse> Scroll(ScrollPoints request, ServerCallContext context)
    {
        var collection = state.Collection(request.CollectionName);
        RequireTenant(request.Filter, "Scroll");
        var limit = request.HasLimit ? (int)request.Limit : 10;
        var from = request.Offset is null ? null : QdrantPointIds.Normalise(request.Offset);
        var page = collection.Select(request.Filter).Where(p => from is null || string.CompareOrdinal(p.Id, from) >= 0).Take(limit + 1).ToList();
        var response = new ScrollResponse { Time = 0.001 };
        foreach (var point in page.Take(limit))
        {
            var retrieved = new RetrievedPoint { Id = QdrantPointIds.Canonical(point.Id) };
            if (request.WithPayload is { Enable: true }) retrieved.Payload.Add(point.Payload);
            response.Result.Add(retrieved);
        }

        if (page.Count > limit) response.NextPageOffset = QdrantPointIds.Canonical(page[limit].Id);
        return Task.FromResult(response);
    }

    public override Task<CountResponse> Count(CountPoints request, ServerCallContext context)
    {
        var collection = state.Collection(request.CollectionName);
        RequireTenant(request.Filter, "Count");
        return Task.FromResult(new CountResponse { Result = new CountResult { Count = (ulong)collection.Select(request.Filter).Count } });
    }

    public override Task<PointsOperationResponse> CreateFieldIndex(CreateFieldIndexCollection request, ServerCallContext context)
    {
        var collection = state.Collection(request.CollectionName);
        if (string.IsNullOrWhiteSpace(request.FieldName)) throw Invalid("Wrong input: field_name is empty");
        return Completed(collection.Index(request.FieldName, request.HasFieldType ? request.FieldType : FieldType.Keyword));
    }

    private static float[] DenseVector(Vectors? vectors, ulong size)
    {
        if (vectors?.VectorsOptionsCase != Vectors.VectorsOptionsOneofCase.Vector)
            throw Invalid("Wrong input: the Qdrant test double stores a single unnamed vector per point");
        var v = vectors.Vector;
#pragma warning disable CS0612 // Data is deprecated in the contract, yet older clients still send it.
        var data = v.VectorCase == Vector.VectorOneofCase.Dense ? v.Dense.Data.ToArray() : v.Data.ToArray();
#pragma warning restore CS0612
        CheckDimension(size, data.Length);
        return data;
    }

    private static void CheckDimension(ulong expected, int got)
    {
        if ((ulong)got != expected) throw Invalid($"Wrong input: Vector dimension error: expected dim: {expected}, got {got}");
    }

    private void RequireTenant(Filter? filter, string call)
    {
        if (state.RequireTenantFilter && QdrantFilterEvaluator.Tenant(filter) is null)
            throw Invalid($"Qdrant test double: {call} carries no must condition on tenant_id; every read and delete must be tenant-scoped.");
    }

    private static Task<PointsOperationResponse> Completed(ulong operation) =>
        Task.FromResult(new PointsOperationResponse { Result = new UpdateResult { OperationId = operation, Status = UpdateStatus.Completed }, Time = 0.001 });

    private static RpcException Invalid(string detail) => new(new Status(StatusCode.InvalidArgument, detail));
}
