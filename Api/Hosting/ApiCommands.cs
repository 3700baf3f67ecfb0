using System.Globalization;
using TaskRunner.Tasks.Persistence;
using TaskRunner.Tasks.Security;

namespace TaskRunner.Api.Hosting;

/// <summary>
/// Admin commands run instead of the server: <c>migrate</c>, <c>keys create --tenant NAME [--name N] [--admin]
/// [--requests-per-minute N]</c> and <c>keys revoke --id ID</c>.
/// </summary>
public static class ApiCommands
{
    public static bool IsCommand(string[] args) => args.Length > 0 && args[0] is "migrate" or "keys";

    public static async Task<int> RunAsync(string[] args, IServiceProvider services, CancellationToken ct)
    {
        var migrator = services.GetRequiredService<DatabaseMigrator>();
        var applied = await migrator.MigrateAsync(ct);
        if (args[0] == "migrate")
        {
            Console.WriteLine(applied.Count == 0 ? "Database is up to date." : $"Applied {applied.Count} migration(s): {string.Join(", ", applied)}");
            return 0;
        }

        var keys = services.GetRequiredService<ApiKeyStore>();
        switch (args.ElementAtOrDefault(1))
        {
            case "create" when Option(args, "--tenant") is { Length: > 0 } tenant:
                var rpm = Option(args, "--requests-per-minute") is { } r ? int.Parse(r, CultureInfo.InvariantCulture) : (int?)null;
                var created = await keys.CreateAsync(tenant, Option(args, "--name") ?? "cli", args.Contains("--admin"), rpm, ct);
                Console.WriteLine(created.Key);
                await Console.Error.WriteLineAsync($"Created key {created.Record.Id} for tenant '{tenant}'{(created.Record.IsAdmin ? " (admin)" : "")}. It is shown only once.");
                return 0;
            case "revoke" when Guid.TryParse(Option(args, "--id"), out var id):
                var revoked = await keys.RevokeAsync(id, ct);
                await Console.Error.WriteLineAsync(revoked ? $"Revoked key {id}." : $"No active key {id}.");
                return revoked ? 0 : 1;
            default:
                await Console.Error.WriteLineAsync("usage: keys create --tenant NAME [--name NAME] [--admin] [--requests-per-minute N] | keys revoke --id ID");
                return 2;
        }
    }

    private static string? Option(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }
}
