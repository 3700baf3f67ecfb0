using System.ClientModel;
using System.Net.Http.Json;
using OpenAI;
using OpenAI.Chat;
using OpenAI.Embeddings;
using TaskRunner.Testing.OpenAi;

namespace TaskRunner.Tests.Llm;

public sealed class OpenAiTestServerTests
{
    [Fact]
    public async Task A_thousand_concurrent_streams_are_served()
    {
        await using var server = await OpenAiTestServer.StartAsync(ct: CancellationToken.None);
        server.Latency = TimeSpan.FromMilliseconds(500);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(120) };
        var body = new { model = "m", stream = true, messages = new[] { new { role = "user", content = "count: 1" } } };

        var replies = await Task.WhenAll(Enumerable.Range(0, 1000).Select(async _ =>
        {
            using var response = await http.PostAsJsonAsync($"{server.BaseUrl}/chat/completions", body);
            return await response.Content.ReadAsStringAsync();
        }));

        Assert.All(replies, r => Assert.EndsWith("data: [DONE]\n\n", r, StringComparison.Ordinal));
        Assert.Equal(1000, server.TotalRequests);
        // With 500 ms latency per request, far more than a thread pool's worth overlap when nothing blocks.
        Assert.True(server.MaxConcurrentRequests > 100, $"max concurrent {server.MaxConcurrentRequests}");
    }

    [Fact]
    public async Task The_official_sdk_reads_plain_completions_and_embeddings()
    {
        await using var server = await OpenAiTestServer.StartAsync(apiKey: "sk-test", ct: CancellationToken.None);
        server.Enqueue(ScriptedReply.Content("plain reply"));
        var options = new OpenAIClientOptions { Endpoint = new Uri(server.BaseUrl) };
        var credential = new ApiKeyCredential("sk-test");

        ChatCompletion completion = await new ChatClient("m", credential, options).CompleteChatAsync([new UserChatMessage("hi")]);
        var embeddings = new EmbeddingClient("e", credential, options);
        OpenAIEmbeddingCollection vectors = await embeddings.GenerateEmbeddingsAsync(["光合作用发生在叶绿体中", "光合作用需要叶绿体", "the stock market fell"]);

        Assert.Equal("plain reply", completion.Content[0].Text);
        Assert.False(Assert.Single(server.Requests).Stream);
        var a = vectors[0].ToFloats().ToArray();
        var b = vectors[1].ToFloats().ToArray();
        var c = vectors[2].ToFloats().ToArray();
        Assert.Equal(server.EmbeddingDimensions, a.Length);
        Assert.True(Cosine(a, b) > Cosine(a, c));
        Assert.Equal(a, FakeEmbeddings.Embed("光合作用发生在叶绿体中", server.EmbeddingDimensions));
    }

    private static float Cosine(float[] x, float[] y) => x.Zip(y, (p, q) => p * q).Sum();
}
