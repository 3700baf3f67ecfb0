using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Npgsql;
using TaskRunner.Tasks.Security;
using TaskRunner.Testing.OpenAi;
using TaskRunner.Worker.Hosting;

namespace TaskRunner.IntegrationTests.Infrastructure;

/// <summary>
/// The real platform for integration tests: a database of its own on the real Postgres (created here, dropped at
/// the end), the real Redis, the Api hosted in-process and real Worker hosts (in-process or as child processes).
/// </summary>
public sealed class PlatformFixture : IAsyncLifetime
{
    private readonly List<WebApplication> inProcessWorkers = [];
    private WebApplicationFactory<Program>? api;

    public string Database { get; } = $"taskrunner_it_{Guid.NewGuid():N}"[..30];

    public string StorageRoot { get; } = Path.Combine(Path.GetTempPath(), $"taskrunner-it-{Guid.NewGuid():N}");

    public string ConnectionString => TestSettings.DatabaseConnectionString(Database);

    /// <summary>The OpenAI-compatible test server every Worker of this fixture uses as its LLM (Llm__BaseUrl).</summary>
    public OpenAiTestServer Llm { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    public TaskRunner.IntegrationTests.Api.TaskRunnerApiClient ApiClient => new(Client);

    /// <summary>Settings every process of this fixture gets: fast heartbeats and polling so tests finish quickly.</summary>
    public IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["ConnectionStrings__Postgres"] = ConnectionString,
        ["ConnectionStrings__Redis"] = TestSettings.Redis,
        ["Storage__Root"] = StorageRoot,
        // Most tests check the job system, not semantic quality; the built-in model would cost every host a second
        // and ~100 MB on a 2-core machine. MiniLmSearchTests runs the real default model end to end.
        ["Embeddings__Provider"] = "hashing",
        ["Worker__HeartbeatSeconds"] = "0.5",
        ["Worker__StaleAfterSeconds"] = "3",
        ["Worker__MaintenanceIntervalSeconds"] = "0.5",
        ["Worker__ShutdownTimeoutSeconds"] = "5",
        ["Hangfire__QueuePollIntervalMs"] = "100",
        ["Hangfire__InvisibilityTimeoutSeconds"] = "60",
        ["Retry__BaseDelaySeconds"] = "0.2",
        ["Logging__LogLevel__Default"] = "Warning",
        ["Authentication__FailuresPerMinute"] = "100000",
        ["Authentication__KeyCacheSeconds"] = "600",
        ["Llm__BaseUrl"] = Llm?.BaseUrl ?? "",
        ["Llm__ApiKey"] = "test-key",
        ["Llm__Model"] = "test-model",
        ["Llm__RetryBaseDelayMilliseconds"] = "50",
        ["Llm__MaxRetryDelaySeconds"] = "2",
        ["Llm__TimeoutSeconds"] = "20",
        // Reconciliation reads 50 chunks and vectors at a time: the shared tenant crosses hundreds of pages.
        ["Reconcile__PageSize"] = "50",
        // Prices of the test LLM and the hashing embedder, so tasks show a cost (ObservabilityTests checks the sums).
        ["Pricing__Models__test-model__InputPerMillion"] = "2.5",
        ["Pricing__Models__test-model__OutputPerMillion"] = "10",
        ["Pricing__Models__fnv1a-ngram-v1__EmbeddingPerMillion"] = "0.02",
    };

    public async Task InitializeAsync()
    {
        await using (var admin = new NpgsqlConnection(TestSettings.AdminPostgres))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"create database {Database}", admin);
            await create.ExecuteNonQueryAsync();
        }

        Directory.CreateDirectory(StorageRoot);
        Llm = await OpenAiTestServer.StartAsync();
        foreach (var (key, value) in Settings)
        {
            // Both hosts read environment variables at build time; one database per test run keeps this safe.
            Environment.SetEnvironmentVariable(key, value);
        }

        api = new WebApplicationFactory<Program>();
        Client = await CreateClientAsync(DefaultTenant, admin: true, isOperator: true);
        await StartWorkerAsync();
    }

    public const string DefaultTenant = "tenant-a";

    /// <summary>
    /// An HTTP client for the in-process Api that sends a fresh API key of <paramref name="tenant"/>. The default
    /// client's key is also an operator key, so tests can submit diagnostics no-op tasks.
    /// </summary>
    public async Task<HttpClient> CreateClientAsync(string tenant, bool admin = false, int? requestsPerMinute = 1_000_000, bool isOperator = false)
    {
        var client = api!.CreateClient();
        var key = await CreateKeyAsync(tenant, admin, requestsPerMinute, isOperator);
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key.Key);
        return client;
    }

    /// <summary>A fresh API key in this fixture's database.</summary>
    public async Task<CreatedApiKey> CreateKeyAsync(string tenant, bool admin = false, int? requestsPerMinute = 1_000_000, bool isOperator = false)
    {
        await using var dataSource = NpgsqlDataSource.Create(ConnectionString);
        return await new ApiKeyStore(dataSource).CreateAsync(tenant, "integration-tests", admin, requestsPerMinute, isOperator, CancellationToken.None);
    }

    /// <summary>The in-process Api's services (its Hangfire client, for acting as the dashboard would).</summary>
    public IServiceProvider ApiServices => api!.Services;

    /// <summary>An HTTP client without any key.</summary>
    public HttpClient CreateAnonymousClient() => api!.CreateClient();

    /// <summary>A client that neither follows redirects nor keeps cookies, so a test sees both; https makes the Api see an HTTPS request.</summary>
    public HttpClient CreateBrowserClient(bool https = false) => api!.CreateClient(new WebApplicationFactoryClientOptions
    {
        AllowAutoRedirect = false,
        HandleCookies = false,
        BaseAddress = new Uri(https ? "https://localhost" : "http://localhost"),
    });

    /// <summary>
    /// Starts a Worker host in this process, serving <paramref name="queues"/>; <paramref name="settings"/> override the
    /// fixture's (e.g. <c>["Llm:BaseUrl"] = ""</c> for a worker without an LLM).
    /// </summary>
    public async Task<WebApplication> StartWorkerAsync(string queues = "default,embed,ingest,llm", int count = 4, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var worker = WorkerApp.Build(
            ["--queues", queues, "--workers", count.ToString(System.Globalization.CultureInfo.InvariantCulture)],
            settings is null ? null : builder => builder.Configuration.AddInMemoryCollection(settings));
        await worker.StartAsync();
        inProcessWorkers.Add(worker);
        return worker;
    }

    /// <summary>Starts the standard in-process worker again if a test stopped them all.</summary>
    public async Task EnsureWorkerAsync()
    {
        if (inProcessWorkers.Count == 0)
        {
            await StartWorkerAsync();
        }
    }

    public async Task StopWorkerAsync(WebApplication worker)
    {
        inProcessWorkers.Remove(worker);
        await worker.StopAsync();
        await worker.DisposeAsync();
        HangfireGlobals.DetachLogging();
    }

    public async Task StopInProcessWorkersAsync()
    {
        foreach (var worker in inProcessWorkers.ToList())
        {
            await StopWorkerAsync(worker);
        }
    }

    /// <summary>A Worker child process with this fixture's settings, <paramref name="overrides"/> replacing some (environment variable names).</summary>
    public WorkerProcess StartWorkerProcess(string queues, IReadOnlyDictionary<string, string>? overrides = null)
    {
        var settings = Settings.ToDictionary();
        foreach (var (key, value) in overrides ?? new Dictionary<string, string>())
        {
            settings[key] = value;
        }

        return WorkerProcess.Start(settings, queues);
    }

    public async Task DisposeAsync()
    {
        await StopInProcessWorkersAsync();
        Client.Dispose();
        if (api is not null)
        {
            await api.DisposeAsync();
        }

        if (Llm is not null)
        {
            await Llm.DisposeAsync();
        }

        NpgsqlConnection.ClearAllPools();
        await using (var admin = new NpgsqlConnection(TestSettings.AdminPostgres))
        {
            await admin.OpenAsync();
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await using var drop = new NpgsqlCommand($"drop database if exists {Database} with (force)", admin);
                    await drop.ExecuteNonQueryAsync();
                    break;
                }
                catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.InsufficientPrivilege && attempt < 10)
                {
                    // A process this role may not end is in the database (an autovacuum worker, or another role's
                    // session; a CI run failed its teardown on 42501 once). It ends on its own; the drop goes again.
                    await Task.Delay(TimeSpan.FromMilliseconds(500 * attempt));
                }
            }
        }

        try
        {
            Directory.Delete(StorageRoot, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
