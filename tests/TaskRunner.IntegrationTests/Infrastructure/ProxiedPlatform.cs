using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Mvc.Testing;
using Npgsql;
using TaskRunner.IntegrationTests.Api;
using TaskRunner.Tasks.Security;
using TaskRunner.Testing.Faults;
using TaskRunner.Worker.Hosting;

namespace TaskRunner.IntegrationTests.Infrastructure;

/// <summary>
/// An Api and a Worker of the fixture's database whose Postgres and Redis connections go through <see cref="TcpProxy"/>
/// proxies, so a test can take either server away and bring it back without disturbing other tests. Extra settings
/// give both hosts another configuration (e.g. another embedding provider).
/// </summary>
public sealed class ProxiedPlatform : IAsyncDisposable
{
    private WebApplicationFactory<Program>? api;
    private WebApplication? worker;

    private ProxiedPlatform(TcpProxy postgres, TcpProxy redis)
    {
        Postgres = postgres;
        Redis = redis;
    }

    public TcpProxy Postgres { get; }

    public TcpProxy Redis { get; }

    public HttpClient Client { get; private set; } = null!;

    public TaskRunnerApiClient ApiClient => new(Client);

    /// <summary>The proxied Worker's services, e.g. to run its readiness checks.</summary>
    public IServiceProvider WorkerServices => worker?.Services ?? throw new InvalidOperationException("The Worker is not started.");

    public static async Task<ProxiedPlatform> StartAsync(PlatformFixture fixture, IReadOnlyDictionary<string, string>? settings = null)
    {
        var direct = new NpgsqlConnectionStringBuilder(fixture.ConnectionString);
        var redisEndpoint = TestSettings.Redis.Split(',')[0].Split(':');
        var platform = new ProxiedPlatform(new TcpProxy(direct.Host!, direct.Port), new TcpProxy(redisEndpoint[0], int.Parse(redisEndpoint[1], System.Globalization.CultureInfo.InvariantCulture)));
        var proxiedPostgres = new NpgsqlConnectionStringBuilder(fixture.ConnectionString)
        {
            Host = "127.0.0.1", Port = platform.Postgres.Port, Timeout = 3, CommandTimeout = 5, KeepAlive = 1,
        }.ConnectionString;
        var overrides = new Dictionary<string, string>
        {
            ["ConnectionStrings__Postgres"] = proxiedPostgres,
            ["ConnectionStrings__Redis"] = $"127.0.0.1:{platform.Redis.Port},connectTimeout=1000,syncTimeout=2000,asyncTimeout=2000",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            overrides[key] = value;
        }


        // Hosts read these at build time; the collection runs one test at a time, so swapping them briefly is safe.
        var saved = overrides.Keys.ToDictionary(k => k, Environment.GetEnvironmentVariable);
        try
        {
            foreach (var (key, value) in overrides)
            {
                Environment.SetEnvironmentVariable(key, value);
            }

            platform.api = new WebApplicationFactory<Program>();
            platform.Client = platform.api.CreateClient();
            platform.worker = WorkerApp.Build(["--queues", "default,embed,ingest,llm", "--workers", "4"]);
            await platform.worker.StartAsync();
        }
        finally
        {
            foreach (var (key, value) in saved)
            {
                Environment.SetEnvironmentVariable(key, value);
            }
        }

        await using var dataSource = NpgsqlDataSource.Create(fixture.ConnectionString);
        var created = await new ApiKeyStore(dataSource).CreateAsync(PlatformFixture.DefaultTenant, "fault-tests", false, 1_000_000, isOperator: true, CancellationToken.None);
        platform.Client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", created.Key);
        return platform;
    }

    public async ValueTask DisposeAsync()
    {
        Postgres.ComeBack();
        Redis.ComeBack();
        if (worker is not null)
        {
            await worker.StopAsync();
            await worker.DisposeAsync();
        }

        Client.Dispose();
        if (api is not null)
        {
            await api.DisposeAsync();
        }

        HangfireGlobals.DetachLogging();
        await Postgres.DisposeAsync();
        await Redis.DisposeAsync();
    }
}
