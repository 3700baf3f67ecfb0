using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Dapper;
using Grpc.Core;
using Npgsql;
using TaskRunner.IntegrationTests.Faults;
using TaskRunner.IntegrationTests.Infrastructure;
using TaskRunner.Testing.Qdrant;

namespace TaskRunner.IntegrationTests.Search;

/// <summary>An Api and a Worker that keep vectors in Qdrant (the gRPC double, secured with an API key), and what they do when it fails.</summary>
[Collection(PlatformCollection.Name)]
public sealed class QdrantOutageTests(PlatformFixture platform) : IAsyncLifetime
{
    private const string ApiKey = "it-qdrant-key";
    private const string Fault = "qdrant (test double) unavailable during ingestion and search";
    private QdrantGrpcTestServer qdrant = null!;
    private ProxiedPlatform proxied = null!;

    public async Task InitializeAsync()
    {
        qdrant = await QdrantGrpcTestServer.StartAsync(apiKey: ApiKey);
        // Only the Qdrant-configured worker may run tasks here; the fixture's worker uses the embedded store.
        await platform.StopInProcessWorkersAsync();
        proxied = await ProxiedPlatform.StartAsync(platform, new Dictionary<string, string>
        {
            ["Qdrant__Url"] = qdrant.Endpoint.ToString(),
            ["Qdrant__ApiKey"] = ApiKey,
            ["Qdrant__MaxRetries"] = "0",
            ["Qdrant__ConnectTimeoutSeconds"] = "2",
        });
    }

    public async Task DisposeAsync()
    {
        await proxied.DisposeAsync();
        await platform.EnsureWorkerAsync();
        await qdrant.DisposeAsync();
    }

    [Fact]
    public async Task Embedding_is_retried_while_qdrant_is_unavailable_and_search_falls_back_to_keywords_without_naming_the_host()
    {
        var api = proxied.ApiClient;
        var marker = $"zebracorn{Guid.NewGuid():N}"[..20];
        var text = $"Photosynthesis turns light into sugar.\n\nThe {marker} grazes on quantum meadows.\n\nRivers carry silt to the sea.";
        qdrant.FailNext(StatusCode.Unavailable, times: 1, detail: $"connection to {qdrant.Endpoint.Authority} refused");
        FaultReport.FaultInjected(Fault);

        var accepted = await api.UploadAcceptedAsync(Encoding.UTF8.GetBytes(text), "qdrant-outage.txt");
        var documentId = accepted.GetProperty("documentId").GetGuid();
        var task = await api.WaitForFinalAsync(accepted.GetProperty("taskId").GetGuid(), TimeSpan.FromSeconds(90));
        // Every chunk once in Postgres and once among the double's points, as the retried task left them.
        var succeeded = task.GetProperty("status").GetString() == "succeeded";
        var chunkCount = succeeded ? task.GetProperty("result").GetProperty("chunkCount").GetInt32() : 0;
        await using var connection = new NpgsqlConnection(platform.ConnectionString);
        var ordinals = (await connection.QueryAsync<int>("select ordinal from chunks where document_id = @documentId", new { documentId })).Select(o => (long)o).ToList();
        var points = qdrant.OrdinalsOfDocument(documentId);
        var expected = Enumerable.Range(0, chunkCount).Select(o => (long)o).ToList();
        FaultReport.TasksChecked(Fault, tasks: 1,
            lost: succeeded && chunkCount > 0 && expected.All(ordinals.Contains) && expected.All(points.Contains) ? 0 : 1,
            duplicated: ordinals.Count + points.Count - ordinals.Intersect(expected).Count() - points.Intersect(expected).Count());

        Assert.Equal("succeeded", task.GetProperty("status").GetString());
        Assert.True(task.GetProperty("attempts").GetInt32() >= 2, task.ToString());
        Assert.Equal(expected, ordinals.Order());
        Assert.Equal(expected, points.Order());
        Assert.Contains(qdrant.Requests, r => r.Name == "Upsert");
        Assert.All(qdrant.Requests, r => Assert.Equal(ApiKey, r.ApiKey));
        Assert.All(qdrant.Requests.Where(r => r.TouchesPoints), r => Assert.Equal(PlatformFixture.DefaultTenant, r.TenantFilter));

        var healthy = await SearchAsync(marker, documentId);
        Assert.True(healthy.GetProperty("vectorSearchOk").GetBoolean());

        qdrant.FailNext(StatusCode.Unavailable, times: 50, detail: $"connection to {qdrant.Endpoint.Authority} refused");
        var degraded = await SearchAsync(marker, documentId);

        Assert.False(degraded.GetProperty("vectorSearchOk").GetBoolean());
        Assert.True(degraded.GetProperty("keywordSearchOk").GetBoolean());
        Assert.Contains(marker, degraded.GetProperty("chunks")[0].GetProperty("text").GetString(), StringComparison.Ordinal);
        var warnings = degraded.GetProperty("warnings").EnumerateArray().Select(w => w.GetString()!).ToList();
        Assert.Contains(warnings, w => w.Contains("Vector search unavailable", StringComparison.Ordinal));
        Assert.DoesNotContain(warnings, w => w.Contains("127.0.0.1", StringComparison.Ordinal) || w.Contains(qdrant.Endpoint.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));
        FaultReport.FaultSurvived(Fault);
    }

    private async Task<JsonElement> SearchAsync(string query, Guid documentId)
    {
        using var response = await proxied.Client.PostAsJsonAsync("/api/v1/search", new { query, documentIds = new[] { documentId }, topK = 3 });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonSerializer.Deserialize<JsonElement>(body);
    }
}
