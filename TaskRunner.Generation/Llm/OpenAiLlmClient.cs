using System.ClientModel;
using System.ClientModel.Primitives;
using System.Collections.Concurrent;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenAI;
using OpenAI.Chat;
using Polly;
using TaskRunner.Generation.Llm.Stats;
using TaskRunner.Tasks.Usage;

namespace TaskRunner.Generation.Llm;

/// <summary>
/// <see cref="ILlmClient"/> over the official OpenAI SDK, for any OpenAI-compatible endpoint. The SDK's own retries
/// are off: every attempt goes through one Polly pipeline (<see cref="LlmRetryPipeline"/>), and each attempt holds a
/// slot of the shared <see cref="ILlmConcurrencyLimiter"/> only while it runs, not while it backs off.
/// </summary>
public sealed partial class OpenAiLlmClient : ILlmClient
{
    private const string ConcurrencyResource = "llm";

    private readonly LlmOptions _options;
    private readonly ILlmConcurrencyLimiter _limiter;
    private readonly ILogger<OpenAiLlmClient> _logger;
    private readonly ILlmCallRecorder? _recorder;
    private readonly TaskUsageRecorder? _usage;
    private readonly OpenAIClient _client;
    private readonly ConcurrentDictionary<string, ChatClient> _chats = new(StringComparer.Ordinal);
    private readonly ResiliencePipeline _retry;
    private readonly TimeSpan _timeout;
    private readonly TimeSpan _totalTimeout;

    public OpenAiLlmClient(IOptions<LlmOptions> options, ILlmConcurrencyLimiter limiter, ILogger<OpenAiLlmClient> logger, ILlmCallRecorder? recorder = null,
        TaskUsageRecorder? usage = null)
    {
        _usage = usage;
        _options = options.Value;
        _limiter = limiter;
        _logger = logger;
        _recorder = recorder;
        _timeout = TimeSpan.FromSeconds(_options.TimeoutSeconds);
        _totalTimeout = TimeSpan.FromSeconds(_options.TotalTimeoutSeconds);
        var clientOptions = new OpenAIClientOptions
        {
            Endpoint = new Uri(_options.BaseUrl),
            NetworkTimeout = _timeout,
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
        };
        // Local OpenAI-compatible servers often need no key, but the SDK insists on one.
        var key = string.IsNullOrWhiteSpace(_options.ApiKey) ? "no-key" : _options.ApiKey;
        _client = new OpenAIClient(new ApiKeyCredential(key), clientOptions);
        _retry = LlmRetryPipeline.Create(_options, logger);
    }

    public async Task<LlmCompletion> StreamChatAsync(
        LlmChatRequest request,
        Func<string, CancellationToken, ValueTask> onDelta,
        Func<int, CancellationToken, ValueTask> onRestart,
        CancellationToken ct)
    {
        var model = request.Model ?? _options.Model;
        using var activity = LlmTelemetry.ActivitySource.StartActivity("llm.chat");
        activity?.SetTag("gen_ai.request.model", model);
        var messages = request.Messages.Select(ToChatMessage).ToList();
        var chatOptions = BuildOptions(request);
        var chat = _chats.GetOrAdd(model, _client.GetChatClient);
        var state = new AttemptState();
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        LlmCompletion completion;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(_totalTimeout);
        try
        {
            try
            {
                completion = await _retry.ExecuteAsync(
                    async token => await RunAttemptAsync(chat, model, messages, chatOptions, state, onDelta, onRestart, token),
                    deadline.Token);
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested && !ct.IsCancellationRequested)
            {
                // Per-chunk idle timeouts re-arm on every chunk, so only this bounds a stream that trickles forever.
                throw new LlmException(LlmErrorCodes.Timeout,
                    $"The LLM call did not finish within {_totalTimeout.TotalSeconds:0}s (Llm:TotalTimeoutSeconds), retries included.", isTransient: false);
            }
        }
        catch (LlmException ex)
        {
            await RecordAsync(model, started, ex.Code, state.Attempt, null, ct);
            throw;
        }

        await RecordAsync(model, started, null, state.Attempt, completion, ct);
        activity?.SetTag("taskrunner.llm.attempts", completion.Attempts);
        activity?.SetTag("gen_ai.usage.input_tokens", completion.PromptTokens);
        activity?.SetTag("gen_ai.usage.output_tokens", completion.CompletionTokens);
        return completion;
    }

    private async Task RecordAsync(string model, long started, string? error, int attempts, LlmCompletion? completion, CancellationToken ct)
    {
        LlmTelemetry.RecordCall(model, error ?? "ok", System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds, Math.Max(0, attempts - 1));
        if (_usage is not null && completion is not null)
        {
            // Priced by the model asked for, which is the name the price table knows (the reply may add a version suffix).
            await _usage.RecordAsync(new ModelUsage(model, completion.PromptTokens ?? 0, completion.CompletionTokens ?? 0, 0), ct);
        }

        if (_recorder is null)
        {
            return;
        }

        var sample = new LlmCallSample(model, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds,
            error, Math.Max(0, attempts - 1), completion?.PromptTokens ?? 0, completion?.CompletionTokens ?? 0);
        await _recorder.RecordAsync(sample, ct);
    }

    private async Task<LlmCompletion> RunAttemptAsync(
        ChatClient chat,
        string requestedModel,
        List<ChatMessage> messages,
        ChatCompletionOptions chatOptions,
        AttemptState state,
        Func<string, CancellationToken, ValueTask> onDelta,
        Func<int, CancellationToken, ValueTask> onRestart,
        CancellationToken ct)
    {
        state.Attempt++;
        if (state.Attempt > 1)
        {
            await onRestart(state.Attempt, ct);
        }

        var waitStarted = System.Diagnostics.Stopwatch.GetTimestamp();
        await using var slot = await _limiter.AcquireAsync(ConcurrencyResource, _options.MaxConcurrency, ct);
        LlmTelemetry.LimiterWaitSeconds.Record(System.Diagnostics.Stopwatch.GetElapsedTime(waitStarted).TotalSeconds, new KeyValuePair<string, object?>("model", requestedModel));
        using var attemptCts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        attemptCts.CancelAfter(_timeout);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var outcome = "ok";
        var text = new StringBuilder();
        string? model = null;
        string? finishReason = null;
        ChatTokenUsage? usage = null;
        try
        {
            var updates = chat.CompleteChatStreamingAsync(messages, chatOptions, attemptCts.Token);
            await foreach (var update in updates.WithCancellation(attemptCts.Token))
            {
                attemptCts.CancelAfter(_timeout);
                model ??= update.Model;
                usage = update.Usage ?? usage;
                if (update.FinishReason is { } reason)
                {
                    finishReason = reason.ToString();
                }
                foreach (var part in update.ContentUpdate)
                {
                    if (string.IsNullOrEmpty(part.Text))
                    {
                        continue;
                    }
                    if (text.Length + part.Text.Length > _options.MaxReplyCharacters)
                    {
                        throw new LlmException(LlmErrorCodes.ReplyTooLong,
                            $"The LLM reply passed {_options.MaxReplyCharacters} characters (Llm:MaxReplyCharacters).", isTransient: false);
                    }
                    text.Append(part.Text);
                    await onDelta(part.Text, ct);
                }
            }
            if (finishReason is null)
            {
                // Some proxies close a dropped upstream stream cleanly: without a finish reason the reply is partial.
                throw new LlmException(LlmErrorCodes.Unavailable, "The LLM stream ended before a finish reason arrived.", isTransient: true);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            outcome = "cancelled";
            throw;
        }
        catch (Exception ex) when (LlmFailureClassifier.Classify(ex, _timeout) is { } failure)
        {
            outcome = failure.Code;
            throw failure;
        }
        finally
        {
            LlmTelemetry.Attempts.Add(1, new KeyValuePair<string, object?>("model", requestedModel), new KeyValuePair<string, object?>("outcome", outcome));
            LlmTelemetry.AttemptSeconds.Record(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds);
        }

        LlmTelemetry.Tokens.Add(usage?.InputTokenCount ?? 0, new KeyValuePair<string, object?>("model", requestedModel), new KeyValuePair<string, object?>("kind", "input"));
        LlmTelemetry.Tokens.Add(usage?.OutputTokenCount ?? 0, new KeyValuePair<string, object?>("model", requestedModel), new KeyValuePair<string, object?>("kind", "output"));
        if (finishReason == ChatFinishReason.Length.ToString())
        {
            LogTruncated(_logger, requestedModel, text.Length);
        }
        return new LlmCompletion(
            text.ToString(),
            model ?? requestedModel,
            usage?.InputTokenCount,
            usage?.OutputTokenCount,
            state.Attempt);
    }

    private ChatCompletionOptions BuildOptions(LlmChatRequest request)
    {
        var chatOptions = new ChatCompletionOptions { Temperature = request.Temperature ?? _options.Temperature, MaxOutputTokenCount = request.MaxTokens ?? _options.MaxOutputTokens.For(request.Kind) };
        if (_options.UseJsonSchema && request.JsonSchema is not null)
        {
            chatOptions.ResponseFormat = ChatResponseFormat.CreateJsonSchemaFormat(
                request.JsonSchemaName ?? "response",
                BinaryData.FromString(request.JsonSchema),
                jsonSchemaIsStrict: true);
        }
        return chatOptions;
    }

    private static ChatMessage ToChatMessage(LlmMessage message) => message.Role switch
    {
        LlmRole.System => new SystemChatMessage(message.Content),
        LlmRole.Assistant => new AssistantChatMessage(message.Content),
        _ => new UserChatMessage(message.Content),
    };

    private sealed class AttemptState
    {
        public int Attempt { get; set; }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "LLM {Model} stopped at its output limit after {Characters} characters; the reply may be cut short")]
    private static partial void LogTruncated(ILogger logger, string model, int characters);
}
