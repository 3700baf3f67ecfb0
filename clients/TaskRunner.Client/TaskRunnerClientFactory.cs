using System.Net.Http.Headers;

namespace TaskRunner.Client;

/// <summary>Makes a client for a TaskRunner Api at <c>baseUrl</c> that sends <c>apiKey</c> as a bearer token.</summary>
public static class TaskRunnerClientFactory
{
    public static TaskRunnerClient Create(Uri baseUrl, string apiKey, HttpMessageHandler? handler = null)
    {
        var http = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: true);
        return Create(http, baseUrl, apiKey);
    }

    /// <summary>Configures <paramref name="http"/> (base address, key, no timeout for event streams) and wraps it.</summary>
    public static TaskRunnerClient Create(HttpClient http, Uri baseUrl, string apiKey)
    {
        ArgumentNullException.ThrowIfNull(http);
        http.BaseAddress = new Uri(baseUrl.ToString().TrimEnd('/') + "/");
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        http.Timeout = Timeout.InfiniteTimeSpan;
        return new TaskRunnerClient(http);
    }
}
