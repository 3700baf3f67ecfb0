using TaskRunner.Generation.Llm;
using TaskRunner.Testing.OpenAi;

namespace TaskRunner.Tests.Llm;

public sealed class OpenAiLlmClientTests
{
    private static readonly LlmChatRequest Hello = new([LlmMessage.System("You are terse."), LlmMessage.User("Say hello")]);

    [Fact]
    public async Task Streamed_deltas_arrive_in_order_and_concatenate_to_the_reply()
    {
        await using var server = await OpenAiTestServer.StartAsync(ct: CancellationToken.None);
        const string text = "The quick brown fox jumps over the lazy dog. 敏捷的棕色狐狸跳过了懒狗。";
        server.Enqueue(ScriptedReply.Content(text, pieces: 12));
        var recorder = new StreamRecorder();

        var completion = await LlmTestClient.Create(server).StreamChatAsync(Hello, recorder.OnDelta, recorder.OnRestart, CancellationToken.None);

        Assert.Equal(text, completion.Text);
        Assert.Equal(text, string.Concat(recorder.AllDeltas));
        Assert.Equal(12, recorder.AllDeltas.Count);
        Assert.Equal(1, completion.Attempts);
        Assert.Empty(recorder.Restarts);
        Assert.Equal("test-model", completion.Model);
        Assert.NotNull(completion.CompletionTokens);
        var received = Assert.Single(server.Requests);
        Assert.True(received.Stream);
        Assert.Equal("Say hello", received.LastUserMessage);
    }

    [Fact]
    public async Task Rate_limit_with_retry_after_then_success_yields_one_completion_and_signals_the_restart()
    {
        await using var server = await OpenAiTestServer.StartAsync(ct: CancellationToken.None);
        server.Enqueue(ScriptedReply.RateLimited(retryAfter: "0.2"), ScriptedReply.Content("done", pieces: 2));
        var recorder = new StreamRecorder();

        var completion = await LlmTestClient.Create(server).StreamChatAsync(Hello, recorder.OnDelta, recorder.OnRestart, CancellationToken.None);

        Assert.Equal("done", completion.Text);
        Assert.Equal("done", recorder.Text);
        Assert.Equal(2, completion.Attempts);
        Assert.Equal([2], recorder.Restarts);
        Assert.Equal(2, server.TotalRequests);
    }

    [Fact]
    public async Task Server_error_then_success_is_retried()
    {
        await using var server = await OpenAiTestServer.StartAsync(ct: CancellationToken.None);
        server.Enqueue(ScriptedReply.ServerError(), ScriptedReply.Content("ok"));

        var completion = await LlmTestClient.Create(server).CompleteChatAsync(Hello, CancellationToken.None);

        Assert.Equal("ok", completion.Text);
        Assert.Equal(2, completion.Attempts);
    }

    [Fact]
    public async Task Stream_cut_midway_is_retried_and_the_partial_text_is_discarded()
    {
        await using var server = await OpenAiTestServer.StartAsync(ct: CancellationToken.None);
        const string text = """{"exercises":[{"question":"one"},{"question":"two"}]}""";
        server.Enqueue(ScriptedReply.CutMidway(text, pieces: 6, piecesBeforeCut: 3), ScriptedReply.Content(text, pieces: 6));
        var recorder = new StreamRecorder();

        var completion = await LlmTestClient.Create(server).StreamChatAsync(Hello, recorder.OnDelta, recorder.OnRestart, CancellationToken.None);

        Assert.Equal(text, completion.Text);
        Assert.Equal(text, recorder.Text);
        Assert.InRange(recorder.AllDeltas.Count, 6, 9); // the cut attempt's pieces arrive unless the reset overtakes them
        Assert.Equal([2], recorder.Restarts);
        Assert.Equal(2, completion.Attempts);
    }

    [Fact]
    public async Task A_stalled_stream_times_out_and_is_retried()
    {
        await using var server = await OpenAiTestServer.StartAsync(ct: CancellationToken.None);
        server.Enqueue(ScriptedReply.Content("stalls here", pieces: 2, delayBetweenPieces: TimeSpan.FromSeconds(30)), ScriptedReply.Content("fine"));
        var recorder = new StreamRecorder();

        var completion = await LlmTestClient.Create(server, o => o.TimeoutSeconds = 1)
            .StreamChatAsync(Hello, recorder.OnDelta, recorder.OnRestart, CancellationToken.None);

        Assert.Equal("fine", recorder.Text);
        Assert.Equal(2, completion.Attempts);
    }

    [Theory]
    [InlineData(400, LlmErrorCodes.BadRequest)]
    [InlineData(401, LlmErrorCodes.Unauthorized)]
    [InlineData(403, LlmErrorCodes.Unauthorized)]
    [InlineData(404, LlmErrorCodes.ModelNotFound)]
    public async Task Client_errors_fail_at_once_with_a_permanent_code(int status, string code)
    {
        await using var server = await OpenAiTestServer.StartAsync(ct: CancellationToken.None);
        server.Enqueue(ScriptedReply.Status(status), ScriptedReply.Content("never"));

        var ex = await Assert.ThrowsAsync<LlmException>(() => LlmTestClient.Create(server).CompleteChatAsync(Hello, CancellationToken.None));

        Assert.Equal(code, ex.Code);
        Assert.False(ex.IsTransient);
        Assert.Equal(status, ex.StatusCode);
        Assert.Equal(1, server.TotalRequests);
    }

    [Fact]
    public async Task A_wrong_api_key_is_unauthorized()
    {
        await using var server = await OpenAiTestServer.StartAsync(apiKey: "sk-right", ct: CancellationToken.None);

        var ex = await Assert.ThrowsAsync<LlmException>(() =>
            LlmTestClient.Create(server, o => o.ApiKey = "sk-wrong").CompleteChatAsync(Hello, CancellationToken.None));

        Assert.Equal(LlmErrorCodes.Unauthorized, ex.Code);
        var ok = await LlmTestClient.Create(server).CompleteChatAsync(Hello, CancellationToken.None);
        Assert.NotEmpty(ok.Text);
    }

    [Fact]
    public async Task Persistent_server_errors_end_as_unavailable_after_the_retries()
    {
        await using var server = await OpenAiTestServer.StartAsync(ct: CancellationToken.None);
        server.Enqueue(ScriptedReply.ServerError(), ScriptedReply.ServerError(), ScriptedReply.ServerError());

        var ex = await Assert.ThrowsAsync<LlmException>(() =>
            LlmTestClient.Create(server, o => o.MaxRetries = 2).CompleteChatAsync(Hello, CancellationToken.None));

        Assert.Equal(LlmErrorCodes.Unavailable, ex.Code);
        Assert.True(ex.IsTransient);
        Assert.Equal(3, server.TotalRequests);
    }

    [Fact]
    public async Task Persistent_rate_limits_end_as_rate_limited()
    {
        await using var server = await OpenAiTestServer.StartAsync(ct: CancellationToken.None);
        server.Enqueue(ScriptedReply.RateLimited("0"), ScriptedReply.RateLimited("0"));

        var ex = await Assert.ThrowsAsync<LlmException>(() =>
            LlmTestClient.Create(server, o => o.MaxRetries = 1).CompleteChatAsync(Hello, CancellationToken.None));

        Assert.Equal(LlmErrorCodes.RateLimited, ex.Code);
        Assert.Equal(2, server.TotalRequests);
    }

    [Fact]
    public async Task Cancellation_stops_the_stream_promptly_and_is_not_retried()
    {
        await using var server = await OpenAiTestServer.StartAsync(ct: CancellationToken.None);
        // 200 pieces 50 ms apart: about 10 s if it ran to the end.
        server.Enqueue(ScriptedReply.Content(new string('x', 200), pieces: 200, delayBetweenPieces: TimeSpan.FromMilliseconds(50)));
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(CancellationToken.None);
        var deltas = 0;
        var clock = System.Diagnostics.Stopwatch.StartNew();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => LlmTestClient.Create(server).StreamChatAsync(
            Hello,
            async (_, _) =>
            {
                if (++deltas == 3)
                {
                    await cts.CancelAsync();
                }
            },
            (_, _) => ValueTask.CompletedTask,
            cts.Token));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
        Assert.Equal(1, server.TotalRequests);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task The_json_schema_is_sent_only_when_enabled(bool useJsonSchema)
    {
        await using var server = await OpenAiTestServer.StartAsync(ct: CancellationToken.None);
        var request = Hello with { JsonSchemaName = "greeting", JsonSchema = """{"type":"object","properties":{"text":{"type":"string"}},"required":["text"],"additionalProperties":false}""" };

        await LlmTestClient.Create(server, o => o.UseJsonSchema = useJsonSchema).CompleteChatAsync(request, CancellationToken.None);

        var received = Assert.Single(server.Requests);
        if (useJsonSchema)
        {
            Assert.Equal("json_schema", received.ResponseFormatType);
            Assert.Equal("greeting", received.JsonSchemaName);
            Assert.Contains("\"text\"", received.JsonSchema, StringComparison.Ordinal);
            Assert.Contains("\"strict\":true", received.RawBody.Replace(" ", "", StringComparison.Ordinal), StringComparison.Ordinal);
        }
        else
        {
            Assert.Null(received.ResponseFormatType);
        }
    }
}
