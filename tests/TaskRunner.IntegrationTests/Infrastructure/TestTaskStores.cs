using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using TaskRunner.Tasks;
using TaskRunner.Tasks.Fairness;

namespace TaskRunner.IntegrationTests.Infrastructure;

/// <summary>A <see cref="TaskStore"/> over a test's own data source, with the shipped fairness options.</summary>
public static class TestTaskStores
{
    public static TaskStore Over(NpgsqlDataSource dataSource) =>
        new(dataSource, new TenantInFlightGate(Options.Create(new FairnessOptions()), NullLogger<TenantInFlightGate>.Instance));
}
