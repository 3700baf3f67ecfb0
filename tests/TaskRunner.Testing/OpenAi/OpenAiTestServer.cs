using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace TaskRunner.Testing.OpenAi;

/// <summary>
/// An OpenAI-compatible HTTP server on 127.0.0.1 (Kestrel, random port) speaking the real wire format of
/// <c>POST /v1/chat/completions</c> (plain and SSE streaming) and <c>POST /v1/embeddings</c>.
/// Replies come from the <see cref="Enqueue"/>d script first, then from <see cref="DefaultReply"/>.
/// </summary>
public sealed partial class OpenAiTestServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ScriptedReply> _script = new();
    private readonly ConcurrentQueue<ReceivedChatRequest> _requests = new();
    private readonly ConcurrentQueue<ChatCallTiming> _callTimings = new();
    private int _totalRequests;
    private int _currentRequests;
    private int _maxConcurrentRequests;
    private int _embeddingRequests;
    private int _abortedRequests;

    private OpenAiTestServer(string? apiKey)
    {
        ApiKey = apiKey;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Listen(IPAddress.Loopback, 0);
            k.Limits.MaxConcurrentConnections = null;
            k.Limits.MinResponseDataRate = null;
        });
        builder.Services.Configure<Microsoft.Extensions.Hosting.HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(2));
        _app = builder.Build();
        _app.MapPost("/v1/chat/completions", HandleChatAsync);
        _app.MapPost("/v1/embeddings", HandleEmbeddingsAsync);
        _app.MapPost("/v1/rerank", HandleRerankAsync);
    }

    /// <summary>Starts a server; with <paramref name="apiKey"/> set, requests without "Authorization: Bearer {key}" get 401.</summary>
    public static async Task<OpenAiTestServer> StartAsync(string? apiKey = null, CancellationToken ct = default)
    {
        var server = new OpenAiTestServer(apiKey);
        await server._app.StartAsync(ct);
        var address = server._app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        server.BaseUrl = $"{address.TrimEnd('/')}/v1";
        return server;
    }

    /// <summary>Like "http://127.0.0.1:5123/v1": use as LlmOptions.BaseUrl.</summary>
    public string BaseUrl { get; private set; } = "";

    public string? ApiKey { get; }

    /// <summary>Waited before every chat completion reply starts (scripted or default), e.g. to mimic a real model.</summary>
    public TimeSpan Latency { get; set; }

    /// <summary>Builds the content when the script is empty; by default a valid exercises document (<see cref="DefaultExerciseReply"/>).</summary>
    public Func<ReceivedChatRequest, string> DefaultReply { get; set; } = DefaultExerciseReply.Build;

    /// <summary>
    /// Consulted before the script for every chat request: a reply chosen by the request's content (e.g. a 400 for one
    /// prompt of a batch whose calls arrive in any order), or null to fall through to the script and the default.
    /// </summary>
    public Func<ReceivedChatRequest, ScriptedReply?>? Responder { get; set; }

    /// <summary>SSE chunks used to stream a default reply.</summary>
    public int DefaultPieces { get; set; } = 8;

    /// <summary>Delay between streamed chunks of a default reply.</summary>
    public TimeSpan DefaultDelayBetweenPieces { get; set; }

    /// <summary>Length of vectors from /v1/embeddings when the request does not give "dimensions".</summary>
    public int EmbeddingDimensions { get; set; } = 256;

    /// <summary>Chat requests received so far, in arrival order.</summary>
    public IReadOnlyList<ReceivedChatRequest> Requests => _requests.ToArray();

    /// <summary>When each chat completion call since the last <see cref="ResetCounters"/> arrived and was answered.</summary>
    public IReadOnlyList<ChatCallTiming> CallTimings => _callTimings.ToArray();

    public int TotalRequests => Volatile.Read(ref _totalRequests);

    public int CurrentRequests => Volatile.Read(ref _currentRequests);

    public int MaxConcurrentRequests => Volatile.Read(ref _maxConcurrentRequests);

    public int EmbeddingRequests => Volatile.Read(ref _embeddingRequests);

    /// <summary>Chat requests whose client went away before the reply was complete (the upstream stream was stopped).</summary>
    public int AbortedRequests => Volatile.Read(ref _abortedRequests);

    /// <summary>Queues replies for the next chat completion requests, in order.</summary>
    public void Enqueue(params ScriptedReply[] replies)
    {
        foreach (var reply in replies)
        {
            _script.Enqueue(reply);
        }
    }

    public void ResetCounters()
    {
        Interlocked.Exchange(ref _totalRequests, 0);
        Interlocked.Exchange(ref _maxConcurrentRequests, Volatile.Read(ref _currentRequests));
        Interlocked.Exchange(ref _embeddingRequests, 0);
        _requests.Clear();
        _callTimings.Clear();
    }

    public async ValueTask DisposeAsync()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        await _app.StopAsync(stop.Token);
        await _app.DisposeAsync();
    }
}
