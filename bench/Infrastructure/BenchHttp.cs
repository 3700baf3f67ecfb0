using System.Net.Http.Headers;

namespace TaskRunner.Bench.Infrastructure;

public static class BenchHttp
{
    /// <summary>
    /// A client for many concurrent requests (no per-server connection cap). When TASKRUNNER_API_KEY is set it is sent
    /// as a bearer token on every request, so the bench works whether or not the Api requires keys.
    /// </summary>
    public static HttpClient Create(string baseUrl)
    {
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = int.MaxValue,
            PooledConnectionLifetime = TimeSpan.FromMinutes(10),
            UseCookies = false,
        };
        var client = new HttpClient(handler) { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromMinutes(2) };
        if (Environment.GetEnvironmentVariable("TASKRUNNER_API_KEY") is { Length: > 0 } key)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return client;
    }
}
