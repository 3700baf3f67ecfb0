using Dapper;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using TaskRunner.Tasks.Options;

namespace TaskRunner.Tasks.Persistence;

public static class PersistenceServiceCollectionExtensions
{
    /// <summary>Registers the singleton <see cref="NpgsqlDataSource"/> for ConnectionStrings:Postgres and the migrator.</summary>
    public static IServiceCollection AddPersistence(this IServiceCollection services, IConfiguration configuration)
    {
        var connectionString = RequiredSetting.ConnectionString(configuration, "Postgres");
        DefaultTypeMap.MatchNamesWithUnderscores = true;
        services.AddSingleton(_ => StatementReuse.Apply(new NpgsqlDataSourceBuilder(connectionString) { Name = "taskrunner" }, connectionString).Build());
        services.AddSingleton<DatabaseMigrator>();
        return services;
    }
}
