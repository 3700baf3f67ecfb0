using Grpc.Core;
using TaskRunner.Testing.Qdrant.Grpc;

namespace TaskRunner.Testing.Qdrant;

/// <summary>The Collections service of the double: create, get, exists, delete, list; single unnamed dense vector only.</summary>
internal sealed class QdrantTestCollectionsService(QdrantTestState state) : Collections.CollectionsBase
{
    public override Task<CollectionOperationResponse> Create(CreateCollection request, ServerCallContext context)
    {
        if (request.VectorsConfig?.ConfigCase != VectorsConfig.ConfigOneofCase.Params)
            throw new RpcException(new Status(StatusCode.InvalidArgument, "Wrong input: the Qdrant test double supports a single unnamed vector only"));
        var vectors = request.VectorsConfig.Params;
        if (vectors.Size == 0)
            throw new RpcException(new Status(StatusCode.InvalidArgument, "Validation error in body: [vectors_config.size: value 0 invalid, must be from 1 to 65536]"));
        if (vectors.Distance != Distance.Cosine)
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"Wrong input: the Qdrant test double scores by cosine only, not {vectors.Distance}"));
        if (!state.Collections.TryAdd(request.CollectionName, new QdrantTestCollection(vectors.Size)))
            throw new RpcException(new Status(StatusCode.AlreadyExists, $"Wrong input: Collection `{request.CollectionName}` already exists!"));
        return Task.FromResult(new CollectionOperationResponse { Result = true, Time = 0.001 });
    }

    public override Task<GetCollectionInfoResponse> Get(GetCollectionInfoRequest request, ServerCallContext context)
    {
        var collection = state.Collection(request.CollectionName);
        var info = new CollectionInfo
        {
            Status = CollectionStatus.Green,
            PointsCount = (ulong)collection.Count,
            Config = new CollectionConfig
            {
                Params = new CollectionParams
                {
                    ShardNumber = 1,
                    ReplicationFactor = 1,
                    VectorsConfig = new VectorsConfig { Params = new VectorParams { Size = collection.Size, Distance = Distance.Cosine } },
                },
            },
        };
        foreach (var (field, type) in collection.Indexes)
            info.PayloadSchema[field] = new PayloadSchemaInfo { DataType = ToSchemaType(type), Points = (ulong)collection.Count };
        return Task.FromResult(new GetCollectionInfoResponse { Result = info, Time = 0.001 });
    }

    public override Task<CollectionExistsResponse> CollectionExists(CollectionExistsRequest request, ServerCallContext context) =>
        Task.FromResult(new CollectionExistsResponse { Result = new CollectionExists { Exists = state.Collections.ContainsKey(request.CollectionName) } });

    public override Task<CollectionOperationResponse> Delete(DeleteCollection request, ServerCallContext context) =>
        Task.FromResult(new CollectionOperationResponse { Result = state.Collections.TryRemove(request.CollectionName, out _) });

    public override Task<ListCollectionsResponse> List(ListCollectionsRequest request, ServerCallContext context)
    {
        var response = new ListCollectionsResponse();
        response.Collections.AddRange(state.Collections.Keys.Order(StringComparer.Ordinal).Select(n => new CollectionDescription { Name = n }));
        return Task.FromResult(response);
    }

    private static PayloadSchemaType ToSchemaType(FieldType type) => type switch
    {
        FieldType.Keyword => PayloadSchemaType.Keyword,
        FieldType.Integer => PayloadSchemaType.Integer,
        FieldType.Uuid => PayloadSchemaType.Uuid,
        FieldType.Text => PayloadSchemaType.Text,
        _ => PayloadSchemaType.UnknownType,
    };
}
