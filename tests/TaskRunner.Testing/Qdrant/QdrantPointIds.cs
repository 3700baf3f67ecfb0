using Grpc.Core;
using TaskRunner.Testing.Qdrant.Grpc;

namespace TaskRunner.Testing.Qdrant;

/// <summary>Point id rules as Qdrant applies them: an unsigned integer or a UUID, kept as Qdrant answers it (lowercase, hyphenated).</summary>
internal static class QdrantPointIds
{
    public static string Normalise(PointId id) => id.PointIdOptionsCase switch
    {
        PointId.PointIdOptionsOneofCase.Num => id.Num.ToString(System.Globalization.CultureInfo.InvariantCulture),
        PointId.PointIdOptionsOneofCase.Uuid => Guid.TryParse(id.Uuid, out var guid)
            ? guid.ToString("D")
            : throw new RpcException(new Status(StatusCode.InvalidArgument, $"Unable to parse UUID: {id.Uuid}")),
        _ => throw new RpcException(new Status(StatusCode.InvalidArgument, "Wrong input: point id is missing")),
    };

    /// <summary>The id in the form Qdrant returns it; the client parses it back.</summary>
    public static PointId Canonical(string normalised) =>
        ulong.TryParse(normalised, System.Globalization.CultureInfo.InvariantCulture, out var num) ? new PointId { Num = num } : new PointId { Uuid = normalised };
}
