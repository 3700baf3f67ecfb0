using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace TaskRunner.Testing.Qdrant;

/// <summary>
/// A loopback stand-in for Qdrant's REST API (the endpoints TaskRunner uses). Every request body is validated against
/// the official OpenAPI schemas and rejected with Qdrant's 400 ErrorResponse when it does not conform; every answer is
/// checked against the spec's response schema too. Points live in memory and are scored by cosine similarity.
/// </summary>
public sealed class QdrantTestServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, QdrantTestCollection> _collections = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<QdrantReceivedRequest> _requests = new();
    private readonly ConcurrentQueue<(int Status, string Error)> _failures = new();
    private readonly string? _apiKey;

    private QdrantTestServer(WebApplication app, QdrantOpenApiSpec spec, string? apiKey)
    {
        _app = app;
        Spec = spec;
        _apiKey = apiKey;
    }

    public QdrantOpenApiSpec Spec { get; }

    public Uri BaseAddress { get; private set; } = null!;

    public IReadOnlyList<QdrantReceivedRequest> Requests => _requests.ToList();

    /// <param name="apiKey">When set, requests without a matching <c>api-key</c> header get 401 as from a secured Qdrant.</param>
    public static async Task<QdrantTestServer> StartAsync(string? apiKey = null, CancellationToken ct = default)
    {
        var spec = await QdrantOpenApiSpec.LoadSharedAsync().ConfigureAwait(false);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var server = new QdrantTestServer(app, spec, apiKey);
        server.MapRoutes();
        await app.StartAsync(ct).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>().Features
            .Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseAddress = new Uri(address.TrimEnd('/') + "/");
        return server;
    }

    /// <summary>The next <paramref name="times"/> requests get this status with a Qdrant ErrorResponse body.</summary>
    public void FailNext(int statusCode, string error, int times = 1)
    {
        for (var i = 0; i < times; i++) _failures.Enqueue((statusCode, error));
    }

    public bool HasCollection(string name) => _collections.ContainsKey(name);

    public int PointCount(string collection) => _collections.TryGetValue(collection, out var c) ? c.Count : 0;

    public IReadOnlyDictionary<string, string> PayloadIndexes(string collection) =>
        _collections.TryGetValue(collection, out var c) ? c.Indexes : new Dictionary<string, string>();

    private void MapRoutes()
    {
        _app.MapGet("/collections/{name}", (HttpContext ctx, string name) => Handle(ctx, "GET /collections/{collection_name}", _ =>
            _collections.TryGetValue(name, out var c) ? Ok(CollectionInfo(c)) : NotFound(name)));

        _app.MapPut("/collections/{name}", (HttpContext ctx, string name) => Handle(ctx, "PUT /collections/{collection_name}", body =>
        {
            if (body["vectors"] is not JsonObject vectors || vectors["size"] is not JsonValue size)
                return Error(400, "Wrong input: the Qdrant test server supports a single unnamed vector only");
            return _collections.TryAdd(name, new QdrantTestCollection(size.GetValue<int>()))
                ? Ok(true)
                : Error(409, $"Wrong input: Collection `{name}` already exists!");
        }));

        _app.MapPut("/collections/{name}/index", (HttpContext ctx, string name) => Handle(ctx, "PUT /collections/{collection_name}/index", body =>
            !_collections.TryGetValue(name, out var c) ? NotFound(name)
                : Ok(Update(c.Index(body["field_name"]!.GetValue<string>(), body["field_schema"]?.ToJsonString().Trim('"') ?? "auto")))));

        _app.MapPut("/collections/{name}/points", (HttpContext ctx, string name) => Handle(ctx, "PUT /collections/{collection_name}/points", body =>
        {
            if (!_collections.TryGetValue(name, out var c)) return NotFound(name);
            if (body["points"] is not JsonArray points) return Error(400, "Wrong input: the Qdrant test server supports the PointsList form only");
            var parsed = new List<(JsonNode, float[], JsonObject)>();
            foreach (var p in points)
            {
                var vector = p!["vector"]!.AsArray().Select(v => v!.GetValue<float>()).ToArray();
                if (vector.Length != c.Size) return Error(400, $"Wrong input: Vector dimension error: expected dim: {c.Size}, got {vector.Length}");
                parsed.Add((p["id"]!.DeepClone(), vector, p["payload"] as JsonObject is { } pl ? (JsonObject)pl.DeepClone() : []));
            }

            return Ok(Update(c.Upsert(parsed)));
        }));

        _app.MapPost("/collections/{name}/points/delete", (HttpContext ctx, string name) => Handle(ctx, "POST /collections/{collection_name}/points/delete", body =>
        {
            if (!_collections.TryGetValue(name, out var c)) return NotFound(name);
            if (body["points"] is JsonArray ids)
            {
                var set = ids.Select(QdrantFilterEvaluator.NormaliseId).ToHashSet();
                return Ok(Update(c.Delete((id, _) => set.Contains(id))));
            }

            var filter = body["filter"];
            return Ok(Update(c.Delete((id, payload) => QdrantFilterEvaluator.Matches(filter, id, payload))));
        }));

        _app.MapPost("/collections/{name}/points/query", (HttpContext ctx, string name) => Handle(ctx, "POST /collections/{collection_name}/points/query", body =>
        {
            if (!_collections.TryGetValue(name, out var c)) return NotFound(name);
            if (body["query"] is not JsonArray q) return Error(400, "Wrong input: the Qdrant test server supports a dense vector query only");
            var query = q.Select(v => v!.GetValue<float>()).ToArray();
            if (query.Length != c.Size) return Error(400, $"Wrong input: Vector dimension error: expected dim: {c.Size}, got {query.Length}");
            var withPayload = body["with_payload"] is JsonValue wp && wp.GetValue<bool>();
            var limit = body["limit"]?.GetValue<int>() ?? 10;
            var hits = c.Select(body["filter"])
                .Select(p => (p.Id, p.Payload, Score: Cosine(query, p.Vector)))
                .OrderByDescending(h => h.Score).Take(limit)
                .Select(h => ScoredPoint(h.Id, h.Score, withPayload ? h.Payload : null));
            return Ok(new JsonObject { ["points"] = new JsonArray([.. hits]) });
        }));

        _app.MapPost("/collections/{name}/points/scroll", (HttpContext ctx, string name) => Handle(ctx, "POST /collections/{collection_name}/points/scroll", body =>
        {
            if (!_collections.TryGetValue(name, out var c)) return NotFound(name);
            var limit = body["limit"]?.GetValue<int>() ?? 10;
            var from = body["offset"] is { } o ? QdrantFilterEvaluator.NormaliseId(o) : null;
            var withPayload = body["with_payload"] is JsonValue wp && wp.GetValue<bool>();
            var page = c.Select(body["filter"]).Where(p => from is null || string.CompareOrdinal(p.Key, from) >= 0).Take(limit + 1).ToList();
            var records = page.Take(limit).Select(p => Record(p.Id, withPayload ? p.Payload : null));
            return Ok(new JsonObject
            {
                ["points"] = new JsonArray([.. records]),
                ["next_page_offset"] = page.Count > limit ? page[limit].Id.DeepClone() : null,
            });
        }));
    }

    private async Task Handle(HttpContext ctx, string operation, Func<JsonObject, (int Status, JsonObject Body)> handler)
    {
        using var reader = new StreamReader(ctx.Request.Body);
        var text = await reader.ReadToEndAsync(ctx.RequestAborted).ConfigureAwait(false);
        var schema = Spec.HasSchema("request:" + operation) ? "request:" + operation : null;
        var requestErrors = schema is null ? [] : Spec.Validate(schema, text);
        var apiKey = ctx.Request.Headers["api-key"].FirstOrDefault();

        (int Status, JsonObject Body) answer;
        if (_apiKey is not null && apiKey != _apiKey) answer = Error(401, "Must provide an API key or an Authorization bearer token");
        else if (_failures.TryDequeue(out var failure)) answer = Error(failure.Status, failure.Error);
        else if (requestErrors.Count > 0) answer = Error(400, "Format error in JSON body: " + string.Join("; ", requestErrors));
        else
        {
            try
            {
                answer = handler(schema is null ? [] : JsonNode.Parse(text)!.AsObject());
            }
            catch (NotSupportedException ex)
            {
                answer = Error(400, ex.Message);
            }
        }

        var responseText = answer.Body.ToJsonString();
        var responseErrors = Spec.Validate(answer.Status == 200 ? "response:" + operation : "ErrorResponse", responseText);
        _requests.Enqueue(new QdrantReceivedRequest(ctx.Request.Method, ctx.Request.Path.Value ?? string.Empty, ctx.Request.QueryString.Value ?? string.Empty,
            apiKey, text, schema, requestErrors, answer.Status, responseText, responseErrors));

        ctx.Response.StatusCode = answer.Status;
        ctx.Response.ContentType = "application/json";
        await ctx.Response.WriteAsync(responseText, ctx.RequestAborted).ConfigureAwait(false);
    }

    private static (int, JsonObject) Ok(JsonNode result) =>
        (200, new JsonObject { ["result"] = result, ["status"] = "ok", ["time"] = 0.0001 });

    private static (int, JsonObject) Error(int status, string message) =>
        (status, new JsonObject { ["status"] = new JsonObject { ["error"] = message }, ["time"] = 0.0001 });

    private static (int, JsonObject) NotFound(string name) => Error(404, $"Not found: Collection `{name}` doesn't exist!");

    private static JsonObject Update(long operationId) => new() { ["operation_id"] = operationId, ["status"] = "completed" };

    private static JsonObject ScoredPoint(JsonNode id, float score, JsonObject? payload)
    {
        var point = new JsonObject { ["id"] = id.DeepClone(), ["version"] = 0, ["score"] = score };
        if (payload is not null) point["payload"] = payload;
        return point;
    }

    private static JsonObject Record(JsonNode id, JsonObject? payload)
    {
        var record = new JsonObject { ["id"] = id.DeepClone() };
        if (payload is not null) record["payload"] = payload;
        return record;
    }

    private static JsonObject CollectionInfo(QdrantTestCollection c) => new()
    {
        ["status"] = "green",
        ["optimizer_status"] = "ok",
        ["points_count"] = c.Count,
        ["segments_count"] = 1,
        ["payload_schema"] = new JsonObject(),
        ["config"] = new JsonObject
        {
            ["params"] = new JsonObject { ["vectors"] = new JsonObject { ["size"] = c.Size, ["distance"] = "Cosine" } },
            ["hnsw_config"] = new JsonObject { ["m"] = 16, ["ef_construct"] = 100, ["full_scan_threshold"] = 10000 },
            ["optimizer_config"] = new JsonObject { ["default_segment_number"] = 0, ["flush_interval_sec"] = 5 },
        },
    };

    private static float Cosine(float[] a, float[] b)
    {
        double dot = 0, na = 0, nb = 0;
        for (var i = 0; i < a.Length; i++)
        {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }

        return na == 0 || nb == 0 ? 0f : (float)(dot / Math.Sqrt(na * nb));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
