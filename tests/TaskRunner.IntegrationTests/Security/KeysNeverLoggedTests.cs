using System.Net;
using System.Net.Http.Headers;
using TaskRunner.IntegrationTests.Api;
using TaskRunner.IntegrationTests.Infrastructure;
using TaskRunner.Tasks.Security;

namespace TaskRunner.IntegrationTests.Security;

/// <summary>
/// The real Api and Worker processes, logging everything at Debug, are handed keys every way a client might, and run
/// the work those keys submit: no key may reach either process's log, nor any log file written meanwhile.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class KeysNeverLoggedTests(PlatformFixture platform)
{
    [Fact]
    public async Task Keys_sent_in_headers_the_sign_in_form_or_a_query_string_never_appear_in_the_logs()
    {
        var started = DateTime.UtcNow;
        var tenantKey = await platform.CreateKeyAsync("tenant-logs");
        var operatorKey = await platform.CreateKeyAsync("operator", isOperator: true);
        var revokedKey = await platform.CreateKeyAsync("tenant-logs");
        var settings = platform.Settings.ToDictionary();
        settings["Logging__LogLevel__Default"] = "Debug";
        settings["Logging__Console__LogLevel__Default"] = "Debug";
        string apiLog;
        string workerLog;

        // The Worker process is the only one serving, so the task submitted below runs (and logs) there.
        await platform.StopInProcessWorkersAsync();
        try
        {
            using var worker = WorkerProcess.Start(settings, "default,embed,ingest,llm");
            await using (var api = await ApiProcess.StartAsync(settings))
            {
                await UseKeysEveryWayAsync(api, tenantKey.Key, operatorKey.Key, revokedKey);
                apiLog = await api.StopAsync();
            }

            workerLog = await worker.StopAsync();
        }
        finally
        {
            await platform.EnsureWorkerAsync();
        }

        // The logs are really there (the requests above were logged, without their query strings) …
        Assert.Contains("GET /api/v1/tasks?… answered 401", apiLog, StringComparison.Ordinal);
        Assert.Contains("POST /hangfire/sign-in answered 302", apiLog, StringComparison.Ordinal);
        Assert.Contains("dbug:", apiLog, StringComparison.Ordinal);
        Assert.Contains("dbug:", workerLog, StringComparison.Ordinal);

        // … and no key, nor a long piece of one, is in either, nor in a log file written during the test. The messages
        // name where a key was found, not the text: a failure must not copy the key into the test run's own log.
        var logs = new Dictionary<string, string> { ["the Api process"] = apiLog, ["the Worker process"] = workerLog };
        foreach (var file in LogFilesWrittenSince(started))
        {
            logs[file] = await ReadSharedAsync(file);
        }

        foreach (var (source, text) in logs)
        {
            foreach (var key in new[] { tenantKey.Key, operatorKey.Key, revokedKey.Key })
            {
                Assert.False(text.Contains(key[4..24], StringComparison.Ordinal), $"A key is in the log of {source}.");
                Assert.False(text.Contains(Uri.EscapeDataString(key), StringComparison.Ordinal), $"An escaped key is in the log of {source}.");
            }
        }
    }

    /// <summary>Headers, the sign-in form, query strings, a revoked key, and a task submitted with a key and run by the Worker.</summary>
    private async Task UseKeysEveryWayAsync(ApiProcess api, string tenantKey, string operatorKey, CreatedApiKey revokedKey)
    {
        using var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = api.BaseAddress };
        using (var bearer = new HttpRequestMessage(HttpMethod.Get, "/api/v1/tasks"))
        {
            bearer.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tenantKey);
            Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(bearer)).StatusCode);
        }

        // Keys put where they do not belong: refused, and still not logged.
        using (var header = new HttpRequestMessage(HttpMethod.Get, "/api/v1/documents"))
        {
            header.Headers.Add("X-Api-Key", tenantKey);
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(header)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync($"/api/v1/tasks?api_key={tenantKey}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync($"/hangfire/stats?api_key={operatorKey}")).StatusCode);
        var revoked = await ApiCli.RunAsync(platform.Settings, "keys", "revoke", "--id", revokedKey.Record.Id.ToString());
        Assert.Equal(0, revoked.ExitCode);
        using (var stale = new HttpRequestMessage(HttpMethod.Get, "/api/v1/tasks"))
        {
            stale.Headers.Authorization = new AuthenticationHeaderValue("Bearer", revokedKey.Key);
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(stale)).StatusCode);
        }

        var session = await DashboardSignIn.SignInAsync(client, operatorKey);
        using (var dashboard = new HttpRequestMessage(HttpMethod.Get, "/hangfire"))
        {
            dashboard.Headers.Add("Cookie", session);
            Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(dashboard)).StatusCode);
        }

        // Work submitted with a key runs on the Worker process, which records the key's id, never the key.
        using var operatorClient = new HttpClient { BaseAddress = api.BaseAddress };
        operatorClient.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", operatorKey);
        var operatorApi = new TaskRunnerApiClient(operatorClient);
        var accepted = await operatorApi.SubmitNoopAsync(10, 2);
        var task = await operatorApi.WaitForFinalAsync(accepted.TaskId, TimeSpan.FromSeconds(90));
        Assert.Equal("succeeded", task.GetProperty("status").GetString());
    }

    /// <summary>
    /// Log files changed since <paramref name="since"/>: the run's log directory (.run/logs, where scripts/run.sh and
    /// scripts/test.sh write theirs), the storage root, and *.log files in the processes' working directory.
    /// </summary>
    private IEnumerable<string> LogFilesWrittenSince(DateTime since)
    {
        var places = new[]
        {
            (Path.Combine(TestSettings.RepositoryRoot, ".run", "logs"), "*", SearchOption.AllDirectories),
            (platform.StorageRoot, "*.log", SearchOption.AllDirectories),
            (Environment.CurrentDirectory, "*.log", SearchOption.TopDirectoryOnly),
        };
        return places
            .Where(p => Directory.Exists(p.Item1))
            .SelectMany(p => Directory.EnumerateFiles(p.Item1, p.Item2, p.Item3))
            .Where(f => File.GetLastWriteTimeUtc(f) >= since)
            .Distinct();
    }

    /// <summary>Reads a file another process may still be writing (scripts/test.sh tees the test run into .run/logs/test.log).</summary>
    private static async Task<string> ReadSharedAsync(string path)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        return await reader.ReadToEndAsync();
    }
}
