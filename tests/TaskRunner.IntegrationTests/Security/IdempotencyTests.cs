using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Dapper;
using Npgsql;
using TaskRunner.IntegrationTests.Infrastructure;

namespace TaskRunner.IntegrationTests.Security;

[Collection(PlatformCollection.Name)]
public sealed class IdempotencyTests(PlatformFixture platform)
{
    [Fact]
    public async Task Twenty_concurrent_submits_with_one_key_create_one_task()
    {
        var key = Guid.NewGuid().ToString();
        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(async _ =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/diagnostics/noop") { Content = JsonContent.Create(new { durationMs = 10, steps = 1 }) };
            request.Headers.Add("Idempotency-Key", key);
            using var response = await platform.Client.SendAsync(request);
            return (response.StatusCode, Body: await response.Content.ReadFromJsonAsync<JsonElement>());
        }));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Accepted, r.StatusCode));
        var ids = responses.Select(r => r.Body.GetProperty("taskId").GetGuid()).Distinct().ToList();
        Assert.Single(ids);
        await using var connection = new NpgsqlConnection(platform.ConnectionString);
        var noopTasksWithThatId = await connection.ExecuteScalarAsync<int>("select count(*) from tasks where id = @id", new { id = ids[0] });
        Assert.Equal(1, noopTasksWithThatId);
        Assert.Equal("succeeded", (await platform.ApiClient.WaitForFinalAsync(ids[0])).GetProperty("status").GetString());
    }

    [Fact]
    public async Task The_same_key_with_a_different_body_is_422()
    {
        var key = Guid.NewGuid().ToString();
        using var first = await PostNoopAsync(key, 1);
        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        using var second = await PostNoopAsync(key, 2);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, second.StatusCode);
        Assert.Equal("idempotency_key_reused", (await second.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_repeated_upload_with_the_same_key_returns_the_original_task()
    {
        var key = Guid.NewGuid().ToString();
        var content = Encoding.UTF8.GetBytes($"Idempotent upload {Guid.NewGuid()}");
        var first = await UploadAsync(key, content);
        var second = await UploadAsync(key, content);
        Assert.Equal(HttpStatusCode.Accepted, first.Status);
        Assert.Equal(HttpStatusCode.Accepted, second.Status);
        Assert.Equal(first.Body.GetProperty("taskId").GetGuid(), second.Body.GetProperty("taskId").GetGuid());
        Assert.True(second.Replayed);
    }

    private async Task<HttpResponseMessage> PostNoopAsync(string key, int steps)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/diagnostics/noop") { Content = JsonContent.Create(new { durationMs = 0, steps }) };
        request.Headers.Add("Idempotency-Key", key);
        return await platform.Client.SendAsync(request);
    }

    private async Task<(HttpStatusCode Status, JsonElement Body, bool Replayed)> UploadAsync(string key, byte[] content)
    {
        using var form = new MultipartFormDataContent { { new ByteArrayContent(content), "file", "idempotent.txt" } };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/documents") { Content = form };
        request.Headers.Add("Idempotency-Key", key);
        using var response = await platform.Client.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>(), response.Headers.Contains("Idempotent-Replayed"));
    }
}
