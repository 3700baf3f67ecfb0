using System.Globalization;
using Npgsql;
using TaskRunner.Testing.OpenAi;

namespace TaskRunner.Bench.Infrastructure;

/// <summary>
/// The real platform for one run: a fresh database, the Api as a child process, Worker child processes started per
/// scenario, and the OpenAI-compatible test server hosted here. Everything it starts, it stops.
/// </summary>
public sealed class BenchStack : IAsyncDisposable
{
    private readonly List<ChildProcess> workers = [];
    private ChildProcess? api;
    private readonly Dictionary<ChildProcess, Uri> workerUrls = [];
    private int workersStarted;

    /// <summary>Connections per Worker process; the bare Hangfire reference gets the same.</summary>
    public const int WorkerPoolSize = 30;

    private BenchStack(BenchOptions options, BenchDatabase database, OpenAiTestServer llm, string storageRoot)
    {
        Options = options;
        Database = database;
        Llm = llm;
        StorageRoot = storageRoot;
        DataSource = NpgsqlDataSource.Create($"{database.WithPool(20)};Application Name=bench");
    }

    public BenchOptions Options { get; }

    public BenchDatabase Database { get; }

    public OpenAiTestServer Llm { get; }

    public string StorageRoot { get; }

    /// <summary>The bench's own connections to the run's database (references, completion checks).</summary>
    public NpgsqlDataSource DataSource { get; }

    public HttpClient Api { get; private set; } = null!;

    /// <summary>The Api child process's id.</summary>
    public int ApiProcessId => api?.Id ?? 0;

    public static async Task<BenchStack> StartAsync(BenchOptions options, CancellationToken ct)
    {
        var baseConnection = Environment.GetEnvironmentVariable("ConnectionStrings__Postgres")
            ?? "Host=127.0.0.1;Port=5432;Database=taskrunner;Username=taskrunner;Password=taskrunner;SSL Mode=Disable";
        var database = await BenchDatabase.CreateAsync(baseConnection, ct);
        var llm = await OpenAiTestServer.StartAsync(ct: ct);
        llm.Latency = options.LlmLatency;
        var storage = Path.Combine(Path.GetTempPath(), $"taskrunner-bench-{Guid.NewGuid():N}");
        Directory.CreateDirectory(storage);
        Directory.CreateDirectory(options.LogsDirectory);
        var stack = new BenchStack(options, database, llm, storage);
        await stack.StartApiAsync(ct);
        return stack;
    }

    /// <summary>Starts a Worker process serving <paramref name="queues"/> with <paramref name="count"/> jobs at once, and waits until it is ready.</summary>
    public Task<ChildProcess> StartWorkerAsync(string queues, int count, CancellationToken ct, IReadOnlyDictionary<string, string>? settings = null) =>
        StartWorkerAsync(queues, ["--workers", count.ToString(CultureInfo.InvariantCulture)], shipped: false, ct, settings);

    /// <summary>
    /// Starts a Worker process as shipped: its default worker count, async concurrency, polling and LLM limit (only the
    /// connection pool stays capped, and the cheap embedder is used, as for every bench process).
    /// </summary>
    public Task<ChildProcess> StartShippedWorkerAsync(string queues, CancellationToken ct, IReadOnlyDictionary<string, string>? settings = null) =>
        StartWorkerAsync(queues, [], shipped: true, ct, settings);

    private async Task<ChildProcess> StartWorkerAsync(string queues, string[] arguments, bool shipped, CancellationToken ct, IReadOnlyDictionary<string, string>? settings)
    {
        var port = FreePort.Next();
        var name = $"worker-{++workersStarted}";
        var env = new Dictionary<string, string>(Settings(WorkerPoolSize, name)) { ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}" };
        if (shipped)
        {
            env.Remove("Llm__MaxConcurrency");
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            env[key] = value;
        }

        var worker = ChildProcess.Start(name, Dll("Worker"), ["--queues", queues, .. arguments], env,
            Path.Combine(Options.LogsDirectory, $"bench-{name}.log"));
        workers.Add(worker);
        workerUrls[worker] = new Uri($"http://127.0.0.1:{port}");
        await WaitReadyAsync(worker, $"http://127.0.0.1:{port}", ct);
        // Hangfire servers announce themselves and start fetching a moment after the host is up.
        await Task.Delay(TimeSpan.FromSeconds(1), ct);
        return worker;
    }

    /// <summary>The Worker's own HTTP endpoint (health, <c>/metrics</c>).</summary>
    public Uri WorkerUrl(ChildProcess worker) => workerUrls[worker];

    public async Task StopWorkerAsync(ChildProcess worker)
    {
        workers.Remove(worker);
        workerUrls.Remove(worker);
        await worker.DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var worker in workers.ToList())
        {
            await StopWorkerAsync(worker);
        }

        Api?.Dispose();
        if (api is not null)
        {
            await api.DisposeAsync();
        }

        await Llm.DisposeAsync();
        await DataSource.DisposeAsync();
        await Database.DisposeAsync();
        try
        {
            Directory.Delete(StorageRoot, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private async Task StartApiAsync(CancellationToken ct)
    {
        var env = Settings(poolSize: 24, "api");
        var log = Path.Combine(Options.LogsDirectory, "bench-api.log");
        await ChildProcess.RunToEndAsync("migrate", Dll("Api"), ["migrate"], env, log, ct);
        var key = await CreateApiKeyAsync(env, log, ct);
        var url = $"http://127.0.0.1:{FreePort.Next()}";
        api = ChildProcess.Start("api", Dll("Api"), [], new Dictionary<string, string>(env) { ["ASPNETCORE_URLS"] = url }, log);
        await WaitReadyAsync(api, url, ct);
        Api = BenchHttp.Create(url, key);
    }

    /// <summary>
    /// A key for the run's fresh database, with a rate limit no benchmark reaches. If the Api has no <c>keys</c>
    /// command, TASKRUNNER_API_KEY (or nothing) is sent instead.
    /// </summary>
    private async Task<string?> CreateApiKeyAsync(IReadOnlyDictionary<string, string> env, string log, CancellationToken ct)
    {
        try
        {
            var lines = await ChildProcess.RunToEndAsync("keys", Dll("Api"),
                ["keys", "create", "--tenant", "bench", "--name", "bench", "--operator", "--requests-per-minute", "1000000000"], env, log, ct);
            return lines.Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith("trk_", StringComparison.Ordinal));
        }
        catch (InvalidOperationException)
        {
            return Environment.GetEnvironmentVariable("TASKRUNNER_API_KEY") is { Length: > 0 } key ? key : null;
        }
    }

    /// <summary>A process's settings; its connections carry <paramref name="applicationName"/>, so the bench can count them per process.</summary>
    private Dictionary<string, string> Settings(int poolSize, string applicationName) => new()
    {
        ["ConnectionStrings__Postgres"] = $"{Database.WithPool(poolSize)};Application Name={applicationName}",
        ["ConnectionStrings__Redis"] = Environment.GetEnvironmentVariable("ConnectionStrings__Redis") ?? "127.0.0.1:6379",
        ["Storage__Root"] = StorageRoot,
        ["Llm__BaseUrl"] = Llm.BaseUrl,
        ["Llm__MaxConcurrency"] = "1000",
        ["Logging__LogLevel__Default"] = "Warning",
        // The job-system scenarios measure the platform, not a model: the cheap lexical embedder keeps them comparable
        // with earlier runs. The quality scenario runs the real model in this process.
        ["Embeddings__Provider"] = "hashing",
        // One bench tenant drives every scenario: per-tenant caps (in flight, open streams) would measure the caps instead.
        ["Fairness__MaxInFlightPerTenant"] = "0",
        ["Fairness__Queues__llm"] = "0", // the llm family's own cap (192 as shipped) overrides the one above
        ["Sse__MaxStreamsPerKey"] = "10000",
    };

    private string Dll(string project) => Options.BinariesDirectory is { } published
        ? Path.Combine(published, project, $"TaskRunner.{project}.dll")
        : Path.Combine(Options.RepositoryRoot, project, "bin", "Release", "net10.0", $"TaskRunner.{project}.dll");

    private static async Task WaitReadyAsync(ChildProcess process, string url, CancellationToken ct)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{process.Name} exited during start-up; see its log in the logs folder.");
            }

            try
            {
                using var response = await http.GetAsync($"{url}/health/ready", ct);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested)
            {
            }

            await Task.Delay(200, ct);
        }

        throw new TimeoutException($"{process.Name} was not ready at {url} within 60 s.");
    }
}
