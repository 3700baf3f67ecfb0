using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Bogus;
using Dapper;
using Npgsql;
using TaskRunner.IntegrationTests.Infrastructure;
using TaskRunner.Testing.Embeddings;

namespace TaskRunner.IntegrationTests.Search;

/// <summary>
/// The ONNX provider through the whole platform, with the tiny generated BERT-shaped model and the real Chinese vocabulary.
/// The model proves the plumbing (tokenisation, batching, pooling, storage, search), not semantic quality.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class OnnxPipelineTests(PlatformFixture platform)
{
    [Fact]
    public async Task With_an_onnx_model_configured_documents_are_embedded_with_it_in_their_own_collection_and_searchable()
    {
        var settings = new Dictionary<string, string>
        {
            ["Embeddings__Provider"] = "onnx",
            ["Embeddings__ModelPath"] = TestAssets.TinyBertModel,
            ["Embeddings__VocabPath"] = TestAssets.ChineseVocab,
            ["Embeddings__ModelName"] = "tiny-bert",
            ["Embeddings__Dimension"] = "8",
            ["Embeddings__Pooling"] = "mean",
            ["Embeddings__MaxTokens"] = "128",
            ["Chunking__MaxTokens"] = "100",
            ["Chunking__OverlapTokens"] = "10",
        };

        // The fixture's Worker comes back whatever happens here, so a failure cannot leave later tests without one.
        await platform.StopInProcessWorkersAsync();
        try
        {
            await using var onnx = await ProxiedPlatform.StartAsync(platform, settings);
            var faker = new Faker("zh_CN") { Random = new Randomizer(31) };
            var text = string.Join("\n\n", Enumerable.Range(0, 15).Select(i => $"第{i + 1}节。{faker.Lorem.Sentence(20)}。{faker.Address.FullAddress()}。"));
            var accepted = await onnx.ApiClient.UploadAcceptedAsync(Encoding.UTF8.GetBytes(text + Guid.NewGuid()), "onnx.txt");
            var documentId = accepted.GetProperty("documentId").GetGuid();
            var task = await onnx.ApiClient.WaitForFinalAsync(accepted.GetProperty("taskId").GetGuid());
            Assert.Equal("succeeded", task.GetProperty("status").GetString());
            var result = task.GetProperty("result");
            Assert.Equal("wordpiece", result.GetProperty("tokenUnit").GetString());
            var embedding = result.GetProperty("embedding");
            Assert.Equal("onnx", embedding.GetProperty("provider").GetString());
            Assert.Equal(8, embedding.GetProperty("dimension").GetInt32());
            Assert.Equal("chunks_onnx_tiny_bert_8", embedding.GetProperty("collection").GetString());

            var chunkCount = result.GetProperty("chunkCount").GetInt32();
            await using var connection = new NpgsqlConnection(platform.ConnectionString);
            Assert.Equal(chunkCount, await connection.ExecuteScalarAsync<int>(
                "select count(*) from chunk_vectors where document_id = @documentId and collection = 'chunks_onnx_tiny_bert_8'", new { documentId }));
            Assert.All(await connection.QueryAsync<int>("select token_count from chunks where document_id = @documentId", new { documentId }),
                tokens => Assert.InRange(tokens, 1, 100));

            using var search = await onnx.Client.PostAsJsonAsync("/api/v1/search", new { query = "第3节", documentIds = new[] { documentId }, topK = 3 });
            var found = await search.Content.ReadFromJsonAsync<JsonElement>();
            Assert.True(found.GetProperty("vectorSearchOk").GetBoolean(), found.ToString());
            Assert.True(found.GetProperty("chunks").GetArrayLength() > 0);
        }
        finally
        {
            await platform.EnsureWorkerAsync();
        }
    }
}
