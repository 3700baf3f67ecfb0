using System.Diagnostics;
using System.Text;

namespace TaskRunner.Bench.References;

/// <summary>
/// The old way, on purpose: a fixed pool of threads, each making one synchronous chat completion at a time
/// (<c>HttpClient.Send</c>, blocking the thread for the whole call). Runs on dedicated threads, off the thread pool.
/// </summary>
public static class BlockingLlmCaller
{
    public static (TimeSpan Wall, List<double> LatenciesMs, int Failed) Run(string baseUrl, int requests, int threads)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        var latencies = new List<double>();
        var failed = 0;
        var next = -1;
        var started = Stopwatch.GetTimestamp();
        var workers = Enumerable.Range(0, threads).Select(_ => new Thread(() =>
        {
            while (Interlocked.Increment(ref next) < requests)
            {
                var begin = Stopwatch.GetTimestamp();
                using var request = new HttpRequestMessage(HttpMethod.Post, $"{baseUrl}/chat/completions")
                {
                    Content = new StringContent(
                        """{"model":"gpt-4o-mini","messages":[{"role":"user","content":"Write one easy multiple-choice exercise about photosynthesis."}]}""",
                        Encoding.UTF8, "application/json"),
                };
                using var response = http.Send(request);
                using var reader = new StreamReader(response.Content.ReadAsStream());
                reader.ReadToEnd();
                lock (latencies)
                {
                    if (response.IsSuccessStatusCode)
                    {
                        latencies.Add(Stopwatch.GetElapsedTime(begin).TotalMilliseconds);
                    }
                    else
                    {
                        failed++;
                    }
                }
            }
        }) { IsBackground = true }).ToList();
        workers.ForEach(t => t.Start());
        workers.ForEach(t => t.Join());
        return (Stopwatch.GetElapsedTime(started), latencies, failed);
    }
}
