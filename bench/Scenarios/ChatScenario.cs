using System.Diagnostics;
using System.Net.Http.Json;
using TaskRunner.Bench.Measurement;
using TaskRunner.Bench.References;
using TaskRunner.Client;

namespace TaskRunner.Bench.Scenarios;

/// <summary>
/// Issue #13, chat: POST /api/v1/chat through the Api process over the chat corpus. (1) 100 concurrent streamed chats
/// with the LLM test server answering after 1 s: total time and time to the first token event, and the platform's
/// overhead, total minus the stub's 1 s; reference: the same number of bare streaming calls to the stub at once.
/// (2) Sustained chats per second at concurrency 100 with a 0 ms stub (JSON answers); reference: bare non-streamed
/// calls to the stub at the same concurrency.
/// </summary>
public static class ChatScenario
{
    public const string Name = "13b. Chat";
    private const int Concurrency = 100;

    public static async Task<IReadOnlyList<ScenarioResult>> RunAsync(BenchRun run, CancellationToken ct)
    {
        await ChatCorpus.EnsureAsync(run, run.Options.Quick ? 500 : 10_000, ct);
        var llm = run.Stack.Llm;
        var client = run.Platform.Client;
        var http = run.Platform.Http;
        var questions = ChatCorpus.Questions(2000);
        llm.DefaultReply = _ => "The passages describe it [1], and more detail follows [2]. Nothing else is known [3].";
        llm.DefaultPieces = 8;
        llm.DefaultDelayBetweenPieces = TimeSpan.Zero;
        var latency = run.Options.LlmLatency;
        var rows = new List<ScenarioResult>();
        try
        {
            llm.Latency = latency;
            var requests = run.Options.Quick ? 20 : 300;
            var warmUp = await WarmUpAsync(client, http, questions, Math.Min(Concurrency, requests), ct);
            var bare = await ConcurrentStreamingCaller.RunAsync(llm.BaseUrl, Concurrency, ct);
            var ttft = new System.Collections.Concurrent.ConcurrentBag<double>();
            var phasesBefore = await ChatPhaseMetrics.ScrapeAsync(http, ct);
            var runtimeBefore = await ApiRuntimeMetrics.ScrapeAsync(http, ct);
            var split = new ChatLatencySplit();
            var responder = split.Attach(llm);
            var streamed = await LoadRunner.RunAsync(requests, Concurrency, async (i, token) => ttft.Add(await StreamOneAsync(client, questions[i + 100], split, token)), ct);
            llm.Responder = responder;
            var runtimeStreamed = (await ApiRuntimeMetrics.ScrapeAsync(http, ct)).Since(runtimeBefore);
            var phasesStreamed = ChatPhaseMetrics.Describe(phasesBefore, await ChatPhaseMetrics.ScrapeAsync(http, ct));
            rows.Add(new ScenarioResult
            {
                Scenario = Name,
                Workload = $"{requests} streamed chats (SSE, topK 5), {Concurrency} at once, LLM stub {latency.TotalMilliseconds:0} ms before its first token",
                Concurrency = Concurrency,
                DurationSeconds = Math.Round(streamed.Wall.TotalSeconds, 3),
                Count = streamed.Succeeded,
                Rate = Math.Round(streamed.PerSecond, 1),
                LatencyMeaning = "request → done event",
                LatencyMs = streamed.Latency,
                Failed = streamed.Failed,
                Reference = new ReferenceResult($"{Concurrency} bare streaming calls to the same stub at once (OpenAI SDK)", Math.Round(bare.Wall.TotalSeconds, 3),
                    bare.LatenciesMs.Count, Math.Round(bare.LatenciesMs.Count / bare.Wall.TotalSeconds, 1), Percentiles.Of(bare.LatenciesMs)),
                Ratio = streamed.Latency is { } l && Percentiles.Of(bare.LatenciesMs) is { } b ? Math.Round(l.P95 / b.P95, 2) : null,
                RatioMeaning = "chat total P95 / bare stub call P95",
                Status = streamed.Failed == 0 ? "ok" : $"failed: {streamed.Failed} chats failed, first: {streamed.FirstError}",
                Notes = $"platform overhead P95 (total P95 − the stub's {latency.TotalMilliseconds:0} ms; goal ≤ 400) {Math.Round((streamed.Latency?.P95 ?? 0) - latency.TotalMilliseconds, 1)} ms; " +
                    $"time to first token p50/p95/p99 {Percentiles.Of(ttft)?.P50}/{Percentiles.Of(ttft)?.P95}/{Percentiles.Of(ttft)?.P99} ms; " +
                    $"after {warmUp.Rounds} warm-up round(s) of {Math.Min(Concurrency, requests)} chats ({warmUp.Jit}); {split.Describe(latency)}; " +
                    $"{(runtimeBefore.Exported ? runtimeStreamed.Describe() : "the Api exports no runtime metrics")}; {phasesStreamed}",
            });

            llm.Latency = TimeSpan.Zero;
            var sustained = run.Options.Quick ? 50 : 1000;
            await LoadRunner.RunAsync(Math.Min(200, sustained), Concurrency, (i, token) => AskOneAsync(client, questions[i % questions.Count], token), ct);
            using var stub = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = int.MaxValue });
            var bareRate = await LoadRunner.RunAsync(sustained, Concurrency, (i, token) => BareCompletionAsync(stub, llm.BaseUrl, token), ct);
            phasesBefore = await ChatPhaseMetrics.ScrapeAsync(http, ct);
            runtimeBefore = await ApiRuntimeMetrics.ScrapeAsync(http, ct);
            var cpu = await CpuAccounting.StartAsync(run.Stack.ApiProcessId, run.Stack.DataSource, ct);
            // Questions the earlier runs did not ask (they asked 0–999), so no cache of this or an earlier run answers them.
            var json = await LoadRunner.RunAsync(sustained, Concurrency, (i, token) => AskOneAsync(client, questions[(1000 + i) % questions.Count], token), ct);
            var cpuJson = await cpu.DescribeAsync(json.Succeeded + json.Failed, ct);
            var runtimeJson = (await ApiRuntimeMetrics.ScrapeAsync(http, ct)).Since(runtimeBefore);
            var phasesJson = ChatPhaseMetrics.Describe(phasesBefore, await ChatPhaseMetrics.ScrapeAsync(http, ct));
            rows.Add(new ScenarioResult
            {
                Scenario = Name,
                Workload = $"{sustained} chats (JSON answers, topK 5), {Concurrency} at once, LLM stub 0 ms",
                Concurrency = Concurrency,
                DurationSeconds = Math.Round(json.Wall.TotalSeconds, 3),
                Count = json.Succeeded,
                Rate = Math.Round(json.PerSecond, 1),
                LatencyMeaning = "request → answer",
                LatencyMs = json.Latency,
                Failed = json.Failed,
                Reference = new ReferenceResult($"bare non-streamed calls to the same stub, {Concurrency} at once", Math.Round(bareRate.Wall.TotalSeconds, 3),
                    bareRate.Succeeded, Math.Round(bareRate.PerSecond, 1), bareRate.Latency),
                Ratio = bareRate.PerSecond > 0 ? Math.Round(json.PerSecond / bareRate.PerSecond, 3) : null,
                RatioMeaning = "chats/s / bare stub calls/s (the old gateway's goal was 100+ chats/s)",
                Status = json.Failed == 0 ? "ok" : $"failed: {json.Failed} chats failed, first: {json.FirstError}",
                Notes = $"{cpuJson}; {(runtimeBefore.Exported ? runtimeJson.Describe() : "the Api exports no runtime metrics")}; {phasesJson}",
            });
        }
        finally
        {
            llm.Latency = latency;
        }

        return rows;
    }

    /// <summary>
    /// Warm-up, not measured: rounds of <see cref="Concurrency"/> streamed chats at once, as the measured run sends them,
    /// until a probe chat answers from every source and the Api spent under 2% of the round compiling (JIT), at most
    /// <c>maxRounds</c>. That is the state of an Api that has served chats for a while: the tenant's vector cache and
    /// lexical index loaded, the hot code tiered up, the connection pools grown to the load. A fixed 40 chats at 20 at
    /// once left the Api compiling through the measured run (perf: 20–30% of its CPU in the JIT then), so the overhead
    /// figure measured the tiering of a fresh process, not its serving. Returns the rounds run and each round's JIT ms.
    /// Questions 400–999 only: the measured runs ask 100–399 and 1000 and above.
    /// </summary>
    private static async Task<(int Rounds, string Jit)> WarmUpAsync(TaskRunnerClient client, HttpClient http, IReadOnlyList<string> questions, int perRound, CancellationToken ct)
    {
        const int maxRounds = 8;
        const int first = 400;
        const int count = 600;
        var jit = new List<string>();
        for (var round = 1; round <= maxRounds; round++)
        {
            var before = await ApiRuntimeMetrics.ScrapeAsync(http, ct);
            var started = Stopwatch.GetTimestamp();
            var offset = (round - 1) * perRound;
            await LoadRunner.RunAsync(perRound, Concurrency, (i, token) => StreamOneAsync(client, questions[first + ((offset + i) % count)], null, token), ct);
            var wall = Stopwatch.GetElapsedTime(started);
            var spent = (await ApiRuntimeMetrics.ScrapeAsync(http, ct)).Since(before);
            jit.Add((spent.JitSeconds * 1000).ToString("0", System.Globalization.CultureInfo.InvariantCulture));
            var probe = await client.AskAsync(new ChatRequest { Question = questions[40 + round], TopK = 5 }, ct);
            var settled = !before.Exported || spent.JitSeconds < 0.02 * wall.TotalSeconds;
            if (probe.Sources.Values.All(status => status == "ok") && settled)
            {
                return (round, "JIT ms per round " + string.Join('/', jit));
            }
        }

        return (maxRounds, "JIT ms per round " + string.Join('/', jit) + ", still compiling");
    }

    /// <summary>One streamed chat (the generated client's SSE reader) read to its done event; returns the time to the first token event (ms), and records it in <paramref name="split"/>.</summary>
    private static async Task<double> StreamOneAsync(TaskRunnerClient client, string question, ChatLatencySplit? split, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        double? firstToken = null;
        await foreach (var chatEvent in client.StreamChatAsync(new ChatRequest { Question = question, TopK = 5 }, ct))
        {
            switch (chatEvent)
            {
                case ChatTokenEvent when firstToken is null:
                    firstToken = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                    break;
                case ChatErrorEvent error:
                    throw new InvalidOperationException($"The chat ended with an error event ({error.Code}).");
                case ChatDoneEvent:
                    var first = firstToken ?? throw new InvalidOperationException("The chat was done without a token event.");
                    split?.Record(question, started, first, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    return first;
            }
        }

        throw new InvalidOperationException("The chat stream ended without a done event.");
    }

    private static async Task AskOneAsync(TaskRunnerClient client, string question, CancellationToken ct) =>
        _ = (await client.AskAsync(new ChatRequest { Question = question, TopK = 5 }, ct)).Answer;

    private static async Task BareCompletionAsync(HttpClient stub, string baseUrl, CancellationToken ct)
    {
        using var response = await stub.PostAsJsonAsync($"{baseUrl}/chat/completions",
            new { model = "test-model", messages = new[] { new { role = "user", content = "one sentence about photosynthesis" } } }, ct);
        response.EnsureSuccessStatusCode();
        await response.Content.ReadAsStringAsync(ct);
    }
}
