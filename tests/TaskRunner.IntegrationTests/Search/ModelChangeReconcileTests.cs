using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Dapper;
using Npgsql;
using TaskRunner.IntegrationTests.Infrastructure;
using TaskRunner.Tasks.Security;

namespace TaskRunner.IntegrationTests.Search;

/// <summary>Changing the embedding model never mixes vectors: the new model has its own collection, and reconcile fills it.</summary>
[Collection(PlatformCollection.Name)]
public sealed class ModelChangeReconcileTests(PlatformFixture platform)
{
    [Fact]
    public async Task After_a_model_change_reconcile_embeds_every_chunk_into_the_new_collection_and_leaves_the_old_one_alone()
    {
        var text = string.Join("\n\n", Enumerable.Range(0, 6).Select(i => $"Section {i}: the water cycle moves water between sea, air and land.")) + $"\n\n{Guid.NewGuid()}";
        // A tenant of its own: reconcile re-embeds every chunk of the tenant, and the shared one holds thousands by now.
        var tenant = $"model-change-{Guid.NewGuid():N}"[..28];
        var api = new TaskRunner.IntegrationTests.Api.TaskRunnerApiClient(await platform.CreateClientAsync(tenant, admin: true));
        var accepted = await api.UploadAcceptedAsync(Encoding.UTF8.GetBytes(text), "model-change.txt");
        var documentId = accepted.GetProperty("documentId").GetGuid();
        var ingested = await api.WaitForFinalAsync(accepted.GetProperty("taskId").GetGuid());
        Assert.Equal("succeeded", ingested.GetProperty("status").GetString());
        const string oldCollection = "chunks_hashing_fnv1a_ngram_v1_512";
        const string newCollection = "chunks_hashing_fnv1a_ngram_v1_256";
        await using var connection = new NpgsqlConnection(platform.ConnectionString);
        const string count = "select count(*) from chunk_vectors where document_id = @documentId and collection = @collection";
        var chunks = ingested.GetProperty("result").GetProperty("chunkCount").GetInt32();
        Assert.Equal(chunks, await connection.ExecuteScalarAsync<int>(count, new { documentId, collection = oldCollection }));

        await platform.StopInProcessWorkersAsync();
        // Another "model": the same embedder with another dimension is another vector space, so another collection.
        await using var changed = await ProxiedPlatform.StartAsync(platform, new Dictionary<string, string> { ["Embeddings__Dimension"] = "256" });
        try
        {
            await using var dataSource = NpgsqlDataSource.Create(platform.ConnectionString);
            var admin = await new ApiKeyStore(dataSource).CreateAsync(tenant, "model-change", true, 1_000_000, CancellationToken.None);
            changed.Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", admin.Key);

            using var response = await changed.Client.PostAsync("/api/v1/admin/reconcile", null);
            var submitted = await response.Content.ReadFromJsonAsync<JsonElement>();
            var task = await changed.ApiClient.WaitForFinalAsync(submitted.GetProperty("taskId").GetGuid());

            Assert.True(task.GetProperty("status").GetString() == "succeeded", task.ToString());
            Assert.Equal(newCollection, task.GetProperty("result").GetProperty("collection").GetString());
            Assert.Equal(chunks, await connection.ExecuteScalarAsync<int>(count, new { documentId, collection = newCollection }));
            Assert.Equal(chunks, await connection.ExecuteScalarAsync<int>(count, new { documentId, collection = oldCollection }));
            Assert.Equal([256], await connection.QueryAsync<int>(
                "select distinct array_length(vector, 1) from chunk_vectors where document_id = @documentId and collection = @newCollection", new { documentId, newCollection }));
        }
        finally
        {
            await platform.EnsureWorkerAsync();
        }
    }
}
