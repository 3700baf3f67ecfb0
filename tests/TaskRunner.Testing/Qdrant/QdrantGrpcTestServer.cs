using System.Net;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;
using TaskRunner.Testing.Qdrant.Grpc;

namespace TaskRunner.Testing.Qdrant;

/// <summary>
/// An in-process stand-in for Qdrant's gRPC API, compiled from Qdrant's own proto files (Qdrant/Protos), on Kestrel at
/// 127.0.0.1 over HTTP/2 without TLS. Points live in memory and are scored by cosine similarity. It checks what Qdrant
/// checks (collection exists, vector dimension, point ids, api key) and that every read and delete is tenant-scoped,
/// records every call for assertions, and can fail the next calls with a given status.
/// </summary>
public sealed class QdrantGrpcTestServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly QdrantTestState _state;

    private QdrantGrpcTestServer(WebApplication app, QdrantTestState state, Uri endpoint)
    {
        _app = app;
        _state = state;
        Endpoint = endpoint;
    }

    /// <summary>The h2c address to give the client, e.g. http://127.0.0.1:41234.</summary>
    public Uri Endpoint { get; }

    public IReadOnlyList<QdrantReceivedRequest> Requests => _state.Requests.ToList();

    /// <param name="apiKey">When set, calls without this <c>api-key</c> metadata are refused as a secured Qdrant refuses them.</param>
    /// <param name="requireTenantFilter">Refuse queries, scrolls, counts and deletes whose filter pins no tenant.</param>
    public static async Task<QdrantGrpcTestServer> StartAsync(string? apiKey = null, bool requireTenantFilter = true, CancellationToken ct = default)
    {
        var state = new QdrantTestState(apiKey, requireTenantFilter);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2));
        builder.Services.AddSingleton(state);
        builder.Services.AddGrpc(o => o.Interceptors.Add<QdrantTestInterceptor>());
        var app = builder.Build();
        app.MapGrpcService<QdrantTestCollectionsService>();
        app.MapGrpcService<QdrantTestPointsService>();
        await app.StartAsync(ct).ConfigureAwait(false);

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new QdrantGrpcTestServer(app, state, new Uri(address));
    }

    /// <summary>The next <paramref name="times"/> calls fail with this status before reaching the handler.</summary>
    public void FailNext(StatusCode code, int times = 1, string detail = "Service Unavailable")
    {
        for (var i = 0; i < times; i++) _state.Failures.Enqueue(new Status(code, detail));
    }

    public bool HasCollection(string name) => _state.Collections.ContainsKey(name);

    public ulong? VectorSize(string collection) => _state.Collections.TryGetValue(collection, out var c) ? c.Size : null;

    public int PointCount(string collection) => _state.Collections.TryGetValue(collection, out var c) ? c.Count : 0;

    /// <summary>The <c>ordinal</c> payload of every stored point whose <c>document_id</c> payload is <paramref name="documentId"/>, in every collection.</summary>
    public IReadOnlyList<long> OrdinalsOfDocument(Guid documentId)
    {
        var id = documentId.ToString("D", System.Globalization.CultureInfo.InvariantCulture);
        return _state.Collections.Values
            .SelectMany(c => c.Select(null))
            .Where(p => p.Payload.TryGetValue("document_id", out var d) && d.StringValue == id)
            .Select(p => p.Payload.TryGetValue("ordinal", out var o) ? o.IntegerValue : -1)
            .ToList();
    }

    /// <summary>Payload indexes by field, with Qdrant's field type name ("Keyword", "Uuid", ...).</summary>
    public IReadOnlyDictionary<string, string> PayloadIndexes(string collection) =>
        _state.Collections.TryGetValue(collection, out var c)
            ? c.Indexes.ToDictionary(i => i.Key, i => i.Value.ToString())
            : new Dictionary<string, string>();

    /// <summary>Whether the index on <paramref name="field"/> was created with the tenant flag (keyword index, is_tenant).</summary>
    public bool IsTenantIndex(string collection, string field) =>
        Requests.Select(r => r.Request).OfType<CreateFieldIndexCollection>()
            .Any(r => r.CollectionName == collection && r.FieldName == field && r.FieldIndexParams?.KeywordIndexParams is { IsTenant: true });

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
