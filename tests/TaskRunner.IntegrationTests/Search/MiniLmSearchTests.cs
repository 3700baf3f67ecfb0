using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using TaskRunner.IntegrationTests.Infrastructure;
using TaskRunner.Testing.Retrieval;

namespace TaskRunner.IntegrationTests.Search;

/// <summary>The default embedding configuration (onnx, built-in all-MiniLM-L6-v2) end to end: upload, embed in a Worker, search through the Api.</summary>
[Collection(PlatformCollection.Name)]
public sealed class MiniLmSearchTests(PlatformFixture platform)
{
    [Fact]
    public async Task With_the_default_model_an_English_paraphrase_finds_its_passage_by_meaning()
    {
        await platform.StopInProcessWorkersAsync();
        // The fixture pins hashing for the other tests; this host gets the shipped default back.
        await using var minilm = await ProxiedPlatform.StartAsync(platform, new Dictionary<string, string> { ["Embeddings__Provider"] = "onnx" });
        try
        {
            var set = RetrievalEvalSet.Load();
            var passages = set.Passages.Where(p => p.Language == "en" && p.Subject is "physics" or "biology").ToList();
            var documents = new Dictionary<string, Guid>();
            foreach (var passage in passages)
            {
                var accepted = await minilm.ApiClient.UploadAcceptedAsync(Encoding.UTF8.GetBytes($"{passage.Text}\n\n({Guid.NewGuid():N})"), passage.Id + ".txt");
                documents[passage.Id] = accepted.GetProperty("documentId").GetGuid();
                var task = await minilm.ApiClient.WaitForFinalAsync(accepted.GetProperty("taskId").GetGuid());
                Assert.Equal("succeeded", task.GetProperty("status").GetString());
                var embedding = task.GetProperty("result").GetProperty("embedding");
                Assert.Equal("all-MiniLM-L6-v2", embedding.GetProperty("modelName").GetString());
                Assert.Equal("chunks_onnx_all_minilm_l6_v2_384", embedding.GetProperty("collection").GetString());
            }

            // "bent pencil in a cup" shares no content word with the refraction passage ("straw in a glass of water looks broken").
            using var search = await minilm.Client.PostAsJsonAsync("/api/v1/search",
                new { query = "Why does a pencil look bent when you put it in a cup?", documentIds = documents.Values.ToArray(), topK = 3 });
            var found = await search.Content.ReadFromJsonAsync<JsonElement>();

            Assert.Equal("semantic", found.GetProperty("embeddingKind").GetString());
            Assert.Equal(documents["en-phys-refraction"], found.GetProperty("chunks")[0].GetProperty("documentId").GetGuid());
        }
        finally
        {
            await platform.EnsureWorkerAsync();
        }
    }
}
