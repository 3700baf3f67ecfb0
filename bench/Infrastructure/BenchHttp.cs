using System.Net.Http.Headers;

namespace TaskRunner.Bench.Infrastructure;

public static class BenchHttp
{
    /// <summary>
    /// A client for many concurrent requests (no per-server connection cap), sending <paramref name="apiKey"/> as a
    /// bearer token on every request when there is one.
    /// </summary>
    public static HttpClient Create(string baseUrl, string? apiKey = null)
    {
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = int.MaxValue,
            PooledConnectionLifetime = TimeSpan.FromMinutes(10),
            UseCookies = false,
        };
        var client = new HttpClient(handler) { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromMinutes(2) };
        if (apiKey is { Length: > 0 })
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        }

        return client;
    }
}
