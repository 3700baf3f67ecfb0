using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Bogus;
using Dapper;
using Npgsql;
using TaskRunner.IntegrationTests.Api;
using TaskRunner.IntegrationTests.Infrastructure;

namespace TaskRunner.IntegrationTests.Documents;

[Collection(PlatformCollection.Name)]
public sealed class DocumentDeletionTests(PlatformFixture platform)
{
    private readonly TaskRunnerApiClient api = platform.ApiClient;

    [Fact]
    public async Task Deleting_a_document_leaves_no_chunks_no_vectors_no_row_and_no_file()
    {
        var (documentId, storagePath) = await IngestAsync(seed: 11);
        Assert.True(await CountAsync("select count(*) from chunk_vectors where document_id = @documentId", documentId) > 0);

        using var response = await api.Http.DeleteAsync($"/api/v1/documents/{documentId}");
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var accepted = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("document.delete", accepted.GetProperty("type").GetString());
        var task = await api.WaitForFinalAsync(accepted.GetProperty("taskId").GetGuid());

        Assert.True(task.GetProperty("status").GetString() == "succeeded", task.ToString());
        Assert.True(task.GetProperty("result").GetProperty("deleted").GetBoolean());
        Assert.True(task.GetProperty("result").GetProperty("chunksDeleted").GetInt32() > 0);
        Assert.Equal(0, await CountAsync("select count(*) from chunks where document_id = @documentId", documentId));
        Assert.Equal(0, await CountAsync("select count(*) from chunk_vectors where document_id = @documentId", documentId));
        Assert.Equal(0, await CountAsync("select count(*) from documents where id = @documentId", documentId));
        Assert.False(File.Exists(Path.Combine(platform.StorageRoot, storagePath)));
        using var gone = await api.Http.GetAsync($"/api/v1/documents/{documentId}");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task Running_the_deletion_task_again_finds_nothing_to_delete_and_succeeds()
    {
        var (documentId, _) = await IngestAsync(seed: 12);
        using var response = await api.Http.DeleteAsync($"/api/v1/documents/{documentId}");
        var taskId = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("taskId").GetGuid();
        Assert.Equal("succeeded", (await api.WaitForFinalAsync(taskId)).GetProperty("status").GetString());

        // Replay the same task, as after a crash between its last write and its acknowledgement: make it look failed
        // at its first step and retry it through the Api, which runs the step again.
        await using (var connection = new NpgsqlConnection(platform.ConnectionString))
        {
            await connection.ExecuteAsync("""update tasks set status = 'failed', step = 0, error = '{"code":"test","message":"replay"}' where id = @taskId""", new { taskId });
        }

        using var retry = await api.Http.PostAsync($"/api/v1/tasks/{taskId}/retry", null);
        Assert.True(retry.IsSuccessStatusCode, await retry.Content.ReadAsStringAsync());
        var again = await api.WaitForFinalAsync(taskId);
        Assert.True(again.GetProperty("status").GetString() == "succeeded", again.ToString());
        Assert.False(again.GetProperty("result").GetProperty("deleted").GetBoolean());
        Assert.Equal(0, await CountAsync("select count(*) from documents where id = @documentId", documentId));
    }

    [Fact]
    public async Task Deleting_an_unknown_document_is_a_404_problem()
    {
        using var response = await api.Http.DeleteAsync($"/api/v1/documents/{Guid.NewGuid()}");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("not_found", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
    }

    [Fact]
    public async Task Deleting_a_document_while_it_is_being_ingested_is_a_409_document_busy_problem()
    {
        await api.WaitForFinalAsync((await api.SubmitNoopAsync(0, 1)).TaskId);
        await platform.StopInProcessWorkersAsync();
        try
        {
            var accepted = await api.UploadAcceptedAsync(Encoding.UTF8.GetBytes($"Busy lesson {Guid.NewGuid()}."), "busy.txt");
            var documentId = accepted.GetProperty("documentId").GetGuid();

            using var response = await api.Http.DeleteAsync($"/api/v1/documents/{documentId}");
            Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
            Assert.Equal("document_busy", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
            Assert.Equal("pending", (await api.GetJsonAsync($"/api/v1/documents/{documentId}")).GetProperty("status").GetString());

            await platform.StartWorkerAsync();
            Assert.Equal("succeeded", (await api.WaitForFinalAsync(accepted.GetProperty("taskId").GetGuid())).GetProperty("status").GetString());
            using var afterwards = await api.Http.DeleteAsync($"/api/v1/documents/{documentId}");
            Assert.Equal(HttpStatusCode.Accepted, afterwards.StatusCode);
            var task = await api.WaitForFinalAsync((await afterwards.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("taskId").GetGuid());
            Assert.Equal("succeeded", task.GetProperty("status").GetString());
        }
        finally
        {
            await platform.EnsureWorkerAsync();
        }
    }

    private async Task<(Guid DocumentId, string StoragePath)> IngestAsync(int seed)
    {
        var faker = new Faker("zh_CN") { Random = new Randomizer(seed) };
        var text = string.Join("\n\n", Enumerable.Range(0, 10).Select(i => $"第{i}段：{faker.Address.City()}的{faker.Commerce.ProductName()}。{Guid.NewGuid()}"));
        var accepted = await api.UploadAcceptedAsync(Encoding.UTF8.GetBytes(text), "删除.txt");
        Assert.Equal("succeeded", (await api.WaitForFinalAsync(accepted.GetProperty("taskId").GetGuid())).GetProperty("status").GetString());
        var documentId = accepted.GetProperty("documentId").GetGuid();
        await using var connection = new NpgsqlConnection(platform.ConnectionString);
        var storagePath = await connection.ExecuteScalarAsync<string>("select storage_path from documents where id = @documentId", new { documentId });
        Assert.True(File.Exists(Path.Combine(platform.StorageRoot, storagePath!)));
        return (documentId, storagePath!);
    }

    private async Task<long> CountAsync(string sql, Guid documentId)
    {
        await using var connection = new NpgsqlConnection(platform.ConnectionString);
        return await connection.ExecuteScalarAsync<long>(sql, new { documentId });
    }
}
