using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Bogus;
using Dapper;
using Npgsql;
using TaskRunner.IntegrationTests.Api;
using TaskRunner.IntegrationTests.Infrastructure;

namespace TaskRunner.IntegrationTests.Search;

[Collection(PlatformCollection.Name)]
public sealed class EmbeddingAndSearchTests(PlatformFixture platform)
{
    private readonly TaskRunnerApiClient api = platform.ApiClient;

    [Fact]
    public async Task Ingested_chunks_get_one_vector_each_and_reindexing_creates_no_duplicates()
    {
        var faker = new Faker("en") { Random = new Randomizer(99) };
        var content = Encoding.UTF8.GetBytes(string.Join("\n\n", Enumerable.Range(0, 20).Select(_ => faker.Lorem.Paragraph(5))) + $"\n\nMarker {Guid.NewGuid()}.");
        var accepted = await api.UploadAcceptedAsync(content, "vectors.txt");
        var documentId = accepted.GetProperty("documentId").GetGuid();
        var task = await api.WaitForFinalAsync(accepted.GetProperty("taskId").GetGuid());
        Assert.Equal("succeeded", task.GetProperty("status").GetString());
        var result = task.GetProperty("result");
        var chunkCount = result.GetProperty("chunkCount").GetInt32();
        Assert.Equal(chunkCount, result.GetProperty("embeddedChunks").GetInt32());
        Assert.Equal("lexical", result.GetProperty("embedding").GetProperty("kind").GetString());
        Assert.Equal(chunkCount, await VectorCountAsync(documentId));

        using var reindex = await api.UploadAsync(content, "vectors.txt", query: "?reindex=true");
        Assert.Equal(HttpStatusCode.Accepted, reindex.StatusCode);
        var again = await api.WaitForFinalAsync((await reindex.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("taskId").GetGuid());
        Assert.Equal("succeeded", again.GetProperty("status").GetString());
        Assert.Equal(chunkCount, await VectorCountAsync(documentId));
    }

    [Fact]
    public async Task Search_finds_the_chunk_that_talks_about_the_query_in_chinese_and_english()
    {
        var faker = new Faker("zh_CN") { Random = new Randomizer(5) };
        var filler = Enumerable.Range(0, 10).Select(i => $"第{i}段：{faker.Address.FullAddress()}，{faker.Company.CompanyName()}。").ToList();
        const string target = "光合作用是植物利用光能把二氧化碳和水转化为有机物并释放氧气的过程。";
        filler.Insert(6, target);
        filler.Add("Photosynthesis converts light energy into chemical energy stored in glucose.");
        var accepted = await api.UploadAcceptedAsync(Encoding.UTF8.GetBytes(string.Join("\n\n", filler)), "生物.md");
        var documentId = accepted.GetProperty("documentId").GetGuid();
        Assert.Equal("succeeded", (await api.WaitForFinalAsync(accepted.GetProperty("taskId").GetGuid())).GetProperty("status").GetString());

        var zh = await SearchAsync("什么是光合作用？", documentId);
        Assert.True(zh.GetProperty("vectorSearchOk").GetBoolean());
        Assert.True(zh.GetProperty("keywordSearchOk").GetBoolean());
        Assert.Contains("光合作用", zh.GetProperty("chunks")[0].GetProperty("text").GetString(), StringComparison.Ordinal);

        var en = await SearchAsync("photosynthesis light energy", documentId);
        Assert.Contains("Photosynthesis", en.GetProperty("chunks")[0].GetProperty("text").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_search_without_a_query_is_a_400_problem()
    {
        using var response = await api.Http.PostAsJsonAsync("/api/v1/search", new { query = " " });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("query_missing", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
    }

    private async Task<JsonElement> SearchAsync(string query, Guid documentId)
    {
        using var response = await api.Http.PostAsJsonAsync("/api/v1/search", new { query, documentIds = new[] { documentId }, topK = 3 });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonSerializer.Deserialize<JsonElement>(body);
    }

    private async Task<long> VectorCountAsync(Guid documentId)
    {
        await using var connection = new NpgsqlConnection(platform.ConnectionString);
        return await connection.ExecuteScalarAsync<long>("select count(*) from chunk_vectors where document_id = @documentId", new { documentId });
    }
}
