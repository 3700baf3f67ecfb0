using Npgsql;

namespace TaskRunner.IntegrationTests.Infrastructure;

/// <summary>Where the real servers are: the same environment variables scripts/test.sh exports, with local defaults.</summary>
public static class TestSettings
{
    /// <summary>Read once: the fixture later points the environment variable at its own database.</summary>
    public static readonly string AdminPostgres =
        Environment.GetEnvironmentVariable("ConnectionStrings__Postgres")
        ?? "Host=127.0.0.1;Port=5432;Database=taskrunner;Username=taskrunner;Password=taskrunner;SSL Mode=Disable";

    public static readonly string Redis = Environment.GetEnvironmentVariable("ConnectionStrings__Redis") ?? "127.0.0.1:6379";

    public static string DatabaseConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder(AdminPostgres) { Database = database, Pooling = true, MaxPoolSize = 30 }.ConnectionString;

    /// <summary>The repository root, found by walking up to TaskRunner.sln.</summary>
    public static string RepositoryRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "TaskRunner.sln")))
            {
                dir = dir.Parent;
            }

            return dir?.FullName ?? throw new InvalidOperationException("TaskRunner.sln not found above " + AppContext.BaseDirectory);
        }
    }

    public static string BuildConfiguration =>
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
}
