using System.ClientModel;
using System.ClientModel.Primitives;
using System.Diagnostics;
using OpenAI;
using OpenAI.Chat;

namespace TaskRunner.Bench.References;

/// <summary>
/// The floor for a batch: every completion started at once with <c>Task.WhenAll</c>, each streamed to its end with the
/// same OpenAI SDK the Workers use, no limiter, no database, no job system.
/// </summary>
public static class ConcurrentStreamingCaller
{
    public static async Task<(TimeSpan Wall, List<double> LatenciesMs, int Failed)> RunAsync(string baseUrl, int requests, CancellationToken ct)
    {
        var options = new OpenAIClientOptions { Endpoint = new Uri(baseUrl), RetryPolicy = new ClientRetryPolicy(maxRetries: 0), NetworkTimeout = TimeSpan.FromSeconds(120) };
        var chat = new ChatClient("test-model", new ApiKeyCredential("no-key"), options);
        var latencies = new List<double>(requests);
        var failed = 0;
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, requests).Select(async i =>
        {
            var begin = Stopwatch.GetTimestamp();
            try
            {
                await foreach (var _ in chat.CompleteChatStreamingAsync([new UserChatMessage($"Prompt {i}: one sentence about photosynthesis.")], cancellationToken: ct))
                {
                }

                lock (latencies)
                {
                    latencies.Add(Stopwatch.GetElapsedTime(begin).TotalMilliseconds);
                }
            }
            catch (ClientResultException)
            {
                Interlocked.Increment(ref failed);
            }
        }));
        return (Stopwatch.GetElapsedTime(started), latencies, failed);
    }
}
