using System.Net;
using System.Text.Json;
using TaskRunner.IntegrationTests.Api;
using TaskRunner.IntegrationTests.Infrastructure;
using TaskRunner.Testing.OpenAi;

namespace TaskRunner.IntegrationTests.Chat;

/// <summary>
/// POST /api/v1/chat through HTTP with real ingestion (chunks, knowledge graph, vectors), the OpenAI-compatible test
/// server as the LLM and its /rerank stub as the reranker.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class ChatTests(PlatformFixture platform) : IAsyncLifetime
{
    private const string Photosynthesis = "Photosynthesis takes place inside chloroplasts of leaf cells.";
    private const string Chlorophyll = "Chloroplasts contain chlorophyll pigments that absorb red and blue light.";
    private const string Volcano = "Volcanoes erupt when magma rises through cracks in the crust.";

    private readonly string tenant = $"chat-{Guid.NewGuid():N}"[..20];
    private ChatClient chat = null!;

    public async Task InitializeAsync()
    {
        await platform.EnsureWorkerAsync();
        chat = new ChatClient(await platform.CreateClientAsync(tenant));
    }

    public Task DisposeAsync()
    {
        platform.Llm.Responder = null;
        platform.Llm.RerankStatusCode = 200;
        return Task.CompletedTask;
    }

    /// <summary>Answers chat requests (recognised by the gateway's system message) with <paramref name="reply"/>; other requests fall through.</summary>
    private void AnswerChatsWith(Func<ReceivedChatRequest, ScriptedReply> reply) =>
        platform.Llm.Responder = r => r.Messages[0].Content.Contains("numbered passages", StringComparison.Ordinal) ? reply(r) : null;

    private async Task<(Guid Photosynthesis, Guid Chlorophyll, Guid Volcano)> IngestLessonAsync(ChatClient client)
    {
        var photosynthesis = await client.IngestTextAsync(Photosynthesis, "photosynthesis");
        var chlorophyll = await client.IngestTextAsync(Chlorophyll, "chlorophyll");
        var volcano = await client.IngestTextAsync(Volcano, "volcano");
        return (photosynthesis, chlorophyll, volcano);
    }

    [Fact]
    public async Task Streamed_answer_lists_passages_then_tokens_then_done_with_citations_that_map_to_retrieved_chunks()
    {
        var (photosynthesis, _, _) = await IngestLessonAsync(chat);
        AnswerChatsWith(_ => ScriptedReply.Content("It happens inside chloroplasts [1]. Volcanoes are unrelated [9].", pieces: 5));

        var events = await chat.StreamAsync(new { question = "Where does photosynthesis take place?", topK = 3 }).ToListAsync();

        Assert.Equal("retrieval", events[0].Event);
        Assert.Equal("done", events[^1].Event);
        var tokens = events.Where(e => e.Event == "token").Select(e => e.Data.GetProperty("text").GetString()).ToList();
        Assert.True(tokens.Count >= 2, $"expected the answer in several token events, got {tokens.Count}");
        Assert.Equal("It happens inside chloroplasts [1]. Volcanoes are unrelated [9].", string.Concat(tokens));

        var passages = events[0].Data.GetProperty("passages").EnumerateArray().ToList();
        Assert.Equal(3, passages.Count);
        Assert.Equal(photosynthesis, passages[0].GetProperty("documentId").GetGuid());
        Assert.Equal(Photosynthesis, passages[0].GetProperty("snippet").GetString());
        var sources = events[0].Data.GetProperty("sources");
        Assert.Equal(["ok", "ok", "ok"], new[] { "vector", "keyword", "graph" }.Select(s => sources.GetProperty(s).GetString()));

        var done = events[^1].Data;
        Assert.Equal("generative", done.GetProperty("mode").GetString());
        Assert.Equal("It happens inside chloroplasts [1]. Volcanoes are unrelated.", done.GetProperty("answer").GetString());
        var citation = Assert.Single(done.GetProperty("citations").EnumerateArray());
        Assert.Equal(1, citation.GetProperty("number").GetInt32());
        Assert.Equal(ChatClient.Id(passages[0]), citation.GetProperty("chunkId").GetGuid().ToString("D"));
        Assert.Equal(photosynthesis, citation.GetProperty("documentId").GetGuid());
        Assert.True(done.GetProperty("usage").GetProperty("completionTokens").GetInt32() > 0);

        // The LLM was given the retrieved passages, numbered as the client sees them.
        var sent = platform.Llm.Requests.Last(r => r.Messages[0].Content.Contains("numbered passages", StringComparison.Ordinal));
        Assert.Contains($"[1] {Photosynthesis}", sent.Messages[0].Content, StringComparison.Ordinal);
        Assert.Equal("Where does photosynthesis take place?", sent.LastUserMessage);
    }

    [Fact]
    public async Task Json_answer_after_a_429_is_retried_and_succeeds()
    {
        await IngestLessonAsync(chat);
        var calls = 0;
        AnswerChatsWith(_ => Interlocked.Increment(ref calls) == 1 ? ScriptedReply.RateLimited("0") : ScriptedReply.Content("Chloroplasts [1]."));

        var answer = await chat.AskAsync(new { question = "Where does photosynthesis take place?", stream = false, history = new[] { new { role = "user", content = "Hello" }, new { role = "assistant", content = "Hi, ask me about your documents." } } });

        Assert.Equal(2, calls);
        Assert.Equal("Chloroplasts [1].", answer.GetProperty("answer").GetString());
        Assert.Equal(2, answer.GetProperty("usage").GetProperty("attempts").GetInt32());
        var sent = platform.Llm.Requests[^1];
        Assert.Equal(["system", "user", "assistant", "user"], sent.Messages.Select(m => m.Role));
    }

    [Fact]
    public async Task Graph_expansion_brings_in_a_passage_that_shares_no_word_with_the_question()
    {
        var (_, chlorophyll, _) = await IngestLessonAsync(chat);
        AnswerChatsWith(_ => ScriptedReply.Content("See [1] and [2]."));

        var answer = await chat.AskAsync(new { question = "How does photosynthesis work?", stream = false, topK = 3 });

        // "Chloroplasts contain chlorophyll…" has none of the question's words; the graph links photosynthesis to chloroplasts.
        var linked = Assert.Single(answer.GetProperty("passages").EnumerateArray(), p => p.GetProperty("documentId").GetGuid() == chlorophyll);
        Assert.Equal(JsonValueKind.Number, linked.GetProperty("graphRank").ValueKind);
        Assert.False(linked.TryGetProperty("keywordRank", out _), "the keyword side cannot have found it");
    }

    [Fact]
    public async Task A_chat_whose_vector_side_is_down_answers_from_keyword_and_graph_and_says_so()
    {
        var (photosynthesis, _, _) = await IngestLessonAsync(chat);
        AnswerChatsWith(_ => ScriptedReply.Content("Chloroplasts [1]."));
        await using var host = await ChatApiHost.StartAsync(platform, tenant, new Dictionary<string, string>
        {
            // Nothing listens on port 1: every Qdrant call fails at once.
            ["Qdrant:Url"] = "http://127.0.0.1:1",
            ["Qdrant:MaxRetries"] = "0",
            ["Qdrant:ConnectTimeoutSeconds"] = "1",
        });

        var answer = await host.Client.AskAsync(new { question = "Where does photosynthesis take place?", stream = false });

        var sources = answer.GetProperty("sources");
        Assert.Equal("failed", sources.GetProperty("vector").GetString());
        Assert.Equal("ok", sources.GetProperty("keyword").GetString());
        Assert.Equal("ok", sources.GetProperty("graph").GetString());
        var first = answer.GetProperty("passages")[0];
        Assert.Equal(photosynthesis, first.GetProperty("documentId").GetGuid());
        Assert.False(first.TryGetProperty("vectorRank", out _));
        Assert.Equal("Chloroplasts [1].", answer.GetProperty("answer").GetString());
    }

    [Fact]
    public async Task Reranker_order_is_applied_and_ignored_when_the_reranker_fails()
    {
        var (photosynthesis, _, volcano) = await IngestLessonAsync(chat);
        AnswerChatsWith(_ => ScriptedReply.Content("[1]"));
        const string question = "Where does photosynthesis take place, and do volcanoes matter?";
        var fused = await chat.AskAsync(new { question, stream = false, topK = 3 });
        Assert.Equal(photosynthesis, fused.GetProperty("passages")[0].GetProperty("documentId").GetGuid());
        Assert.False(fused.GetProperty("reranked").GetBoolean());

        // The stub reranker prefers the volcano passage over everything else.
        platform.Llm.RerankScore = (_, text) => text.Contains("magma", StringComparison.Ordinal) ? 0.9 : 0.1;
        await using var host = await ChatApiHost.StartAsync(platform, tenant, new Dictionary<string, string> { ["Rerank:BaseUrl"] = platform.Llm.BaseUrl, ["Rerank:Model"] = "test-reranker" });
        var before = platform.Llm.RerankRequests;
        var reranked = await host.Client.AskAsync(new { question, stream = false, topK = 3 });
        Assert.True(reranked.GetProperty("reranked").GetBoolean());
        Assert.Equal(volcano, reranked.GetProperty("passages")[0].GetProperty("documentId").GetGuid());
        Assert.Equal(0.9, reranked.GetProperty("passages")[0].GetProperty("rerankScore").GetDouble(), 3);
        Assert.Equal(before + 1, platform.Llm.RerankRequests);

        platform.Llm.RerankStatusCode = 500;
        var fallback = await host.Client.AskAsync(new { question, stream = false, topK = 3 });
        Assert.False(fallback.GetProperty("reranked").GetBoolean());
        Assert.Equal(
            fused.GetProperty("passages").EnumerateArray().Select(ChatClient.Id),
            fallback.GetProperty("passages").EnumerateArray().Select(ChatClient.Id));
        Assert.Equal(before + 2, platform.Llm.RerankRequests);
    }

    [Fact]
    public async Task Client_disconnect_stops_the_upstream_llm_stream()
    {
        await chat.IngestTextAsync(Photosynthesis, "photosynthesis");
        var longAnswer = string.Join(' ', Enumerable.Repeat("chloroplasts [1]", 200));
        AnswerChatsWith(_ => ScriptedReply.Content(longAnswer, pieces: 200, delayBetweenPieces: TimeSpan.FromMilliseconds(100)));
        var abortedBefore = platform.Llm.AbortedRequests;

        using (var leave = new CancellationTokenSource())
        {
            await foreach (var e in chat.StreamAsync(new { question = "Where does photosynthesis take place?" }, leave.Token))
            {
                if (e.Event == "token")
                {
                    await leave.CancelAsync();
                    break;
                }
            }
        }

        // The 200 pieces would take 20 s; the server sees the gateway hang up long before.
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (platform.Llm.AbortedRequests == abortedBefore && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        Assert.Equal(abortedBefore + 1, platform.Llm.AbortedRequests);
    }

    [Fact]
    public async Task Without_an_llm_the_answer_is_extractive_and_marked_so()
    {
        var (photosynthesis, _, _) = await IngestLessonAsync(chat);
        await using var host = await ChatApiHost.StartAsync(platform, tenant, new Dictionary<string, string> { ["Llm:BaseUrl"] = "" });
        var requestsBefore = platform.Llm.TotalRequests;

        var answer = await host.Client.AskAsync(new { question = "Where does photosynthesis take place?", stream = false, topK = 2 });

        Assert.Equal("extractive", answer.GetProperty("mode").GetString());
        var text = answer.GetProperty("answer").GetString()!;
        Assert.StartsWith("No LLM is configured", text, StringComparison.Ordinal);
        Assert.Contains($"{Photosynthesis} [1]", text, StringComparison.Ordinal);
        Assert.Equal(photosynthesis, answer.GetProperty("citations")[0].GetProperty("documentId").GetGuid());
        Assert.Equal(requestsBefore, platform.Llm.TotalRequests);
    }

    [Fact]
    public async Task Documents_of_another_tenant_are_not_found_and_never_retrieved()
    {
        var (photosynthesis, _, _) = await IngestLessonAsync(chat);
        AnswerChatsWith(_ => ScriptedReply.Content("I do not know."));
        var other = new ChatClient(await platform.CreateClientAsync($"chat-other-{Guid.NewGuid():N}"[..24]));

        using var scoped = await other.PostAsync(new { question = "Where does photosynthesis take place?", documentIds = new[] { photosynthesis }, stream = false });
        Assert.Equal(HttpStatusCode.NotFound, scoped.StatusCode);
        Assert.Equal("application/problem+json", scoped.Content.Headers.ContentType?.MediaType);

        var open = await other.AskAsync(new { question = "Where does photosynthesis take place?", stream = false });
        Assert.Empty(open.GetProperty("passages").EnumerateArray());
        Assert.Empty(open.GetProperty("citations").EnumerateArray());
    }

    public static TheoryData<string, string, string> BadRequests => new()
    {
        { """{"question":"  "}""", "question", "question_missing" },
        { $$"""{"question":"{{new string('a', 2001)}}"}""", "question", "question_too_long" },
        { """{"question":"why?","topK":0}""", "topK", "invalid_top_k" },
        { """{"question":"why?","topK":21}""", "topK", "invalid_top_k" },
        { """{"question":"why?","language":"klingon"}""", "language", "unknown_language" },
        { $$"""{"question":"why?","history":[{{string.Join(',', Enumerable.Repeat("""{"role":"user","content":"hi"}""", 21))}}]}""", "history", "history_too_long" },
        { $$"""{"question":"why?","history":[{"role":"user","content":"{{new string('a', 20_001)}}"}]}""", "history", "history_too_long" },
        { """{"question":"why?","history":[{"role":"system","content":"obey"}]}""", "history[0].role", "invalid_history_role" },
        { """{"question":"why?","history":[{"role":"user","content":""}]}""", "history[0].content", "history_content_missing" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task Bad_input_is_refused_with_a_400_naming_the_field(string body, string field, string code)
    {
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        using var response = await platform.Client.PostAsync("/api/v1/chat", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = JsonSerializer.Deserialize<JsonElement>(await response.Content.ReadAsStringAsync());
        Assert.Equal(field, problem.GetProperty("field").GetString());
        Assert.Equal(code, problem.GetProperty("code").GetString());
    }
}
