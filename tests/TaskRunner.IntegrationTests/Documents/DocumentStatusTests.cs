using System.Text;
using System.Text.Json;
using Bogus;
using Dapper;
using Npgsql;
using TaskRunner.IntegrationTests.Api;
using TaskRunner.IntegrationTests.Infrastructure;

namespace TaskRunner.IntegrationTests.Documents;

/// <summary>
/// A document's status tells the truth about its vectors: <c>indexing</c> once its chunks are stored, <c>ready</c> only
/// when every chunk has its vector, <c>failed</c> with the task's code when embedding fails for good.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class DocumentStatusTests(PlatformFixture platform)
{
    private readonly TaskRunnerApiClient api = platform.ApiClient;

    [Fact]
    public async Task A_document_is_indexing_between_extraction_and_embedding_and_ready_only_once_its_vectors_are_written()
    {
        // Only the ingest queue is served at first, so the task stops, handed over, between the two steps.
        await platform.StopInProcessWorkersAsync();
        try
        {
            await platform.StartWorkerAsync(queues: "ingest");
            var accepted = await api.UploadAcceptedAsync(Lesson(5), "status.txt");
            var documentId = accepted.GetProperty("documentId").GetGuid();
            var taskId = accepted.GetProperty("taskId").GetGuid();
            await api.WaitUntilAsync(taskId, t => t.GetProperty("status").GetString() == "queued" && t.GetProperty("stage").GetString() == "embed", TimeSpan.FromSeconds(60));

            var indexing = await api.GetJsonAsync($"/api/v1/documents/{documentId}");
            Assert.Equal("indexing", indexing.GetProperty("status").GetString());
            Assert.True(indexing.GetProperty("chunkCount").GetInt32() > 0);
            Assert.Equal(0, await VectorCountAsync(documentId));

            await platform.StopInProcessWorkersAsync();
            await platform.StartWorkerAsync();
            Assert.Equal("succeeded", (await api.WaitForFinalAsync(taskId)).GetProperty("status").GetString());
            var ready = await api.GetJsonAsync($"/api/v1/documents/{documentId}");
            Assert.Equal("ready", ready.GetProperty("status").GetString());
            Assert.Equal(ready.GetProperty("chunkCount").GetInt32(), await VectorCountAsync(documentId));
            Assert.False(ready.TryGetProperty("errorCode", out var error) && error.ValueKind != JsonValueKind.Null);
        }
        finally
        {
            await platform.EnsureWorkerAsync();
        }
    }

    [Fact]
    public async Task When_embedding_fails_for_good_the_document_is_failed_with_the_tasks_error_code()
    {
        // An embeddings endpoint nobody listens on: every attempt fails (transient), until the retries run out.
        await platform.StopInProcessWorkersAsync();
        try
        {
            await platform.StartWorkerAsync(settings: new Dictionary<string, string?>
            {
                ["Embeddings:Provider"] = "openai",
                ["Embeddings:BaseUrl"] = "http://127.0.0.1:9/v1",
                ["Embeddings:ModelName"] = "unreachable",
                ["Embeddings:ApiKey"] = "test-key",
                ["Embeddings:Dimension"] = "8",
            });
            var accepted = await api.UploadAcceptedAsync(Lesson(6), "unembeddable.txt");
            var task = await api.WaitForFinalAsync(accepted.GetProperty("taskId").GetGuid(), TimeSpan.FromSeconds(120));
            Assert.Equal("failed", task.GetProperty("status").GetString());
            var code = task.GetProperty("error").GetProperty("code").GetString();

            var document = await api.GetJsonAsync($"/api/v1/documents/{accepted.GetProperty("documentId").GetGuid()}");
            Assert.Equal("failed", document.GetProperty("status").GetString());
            Assert.Equal(code, document.GetProperty("errorCode").GetString());
            Assert.False(string.IsNullOrEmpty(document.GetProperty("errorMessage").GetString()));
        }
        finally
        {
            await platform.StopInProcessWorkersAsync();
            await platform.EnsureWorkerAsync();
        }
    }

    private static byte[] Lesson(int seed)
    {
        var faker = new Faker("en") { Random = new Randomizer(seed) };
        return Encoding.UTF8.GetBytes(string.Join("\n\n", Enumerable.Range(0, 6).Select(_ => faker.Lorem.Paragraph(5))) + $"\n\nMarker {Guid.NewGuid()}.");
    }

    private async Task<long> VectorCountAsync(Guid documentId)
    {
        await using var connection = new NpgsqlConnection(platform.ConnectionString);
        return await connection.ExecuteScalarAsync<long>("select count(*) from chunk_vectors where document_id = @documentId", new { documentId });
    }
}
