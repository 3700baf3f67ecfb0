using System.Globalization;
using TaskRunner.Tasks.Persistence;
using TaskRunner.Tasks.Security;

namespace TaskRunner.Api.Hosting;

/// <summary>
/// Admin commands run instead of the server: <c>migrate</c>, <c>keys create --tenant NAME [--name N] [--admin]
/// [--requests-per-minute N]</c>, <c>keys create --operator [--tenant NAME] [--name N]</c> and <c>keys revoke --id ID</c>.
/// A bad argument prints what is wrong and exits with 2, before anything is written.
/// </summary>
public static class ApiCommands
{
    /// <summary>The tenant an operator key's own requests (e.g. no-op diagnostics tasks) belong to, unless --tenant says otherwise.</summary>
    public const string OperatorTenant = "operator";

    private const string Usage = "usage: keys create --tenant NAME [--name NAME] [--admin] [--requests-per-minute N] | keys create --operator [--tenant NAME] [--name NAME] | keys revoke --id ID";

    public static bool IsCommand(string[] args) => args.Length > 0 && args[0] is "migrate" or "keys";

    public static async Task<int> RunAsync(string[] args, IServiceProvider services, CancellationToken ct)
    {
        if (args[0] == "keys" && Validate(args) is { } problem)
        {
            await Console.Error.WriteLineAsync(problem);
            return 2;
        }

        var migrator = services.GetRequiredService<DatabaseMigrator>();
        var applied = await migrator.MigrateAsync(ct);
        if (args[0] == "migrate")
        {
            Console.WriteLine(applied.Count == 0 ? "Database is up to date." : $"Applied {applied.Count} migration(s): {string.Join(", ", applied)}");
            return 0;
        }

        if (args[1] == "create")
        {
            var isOperator = args.Contains("--operator");
            var tenant = Option(args, "--tenant") ?? OperatorTenant;
            var rpm = Option(args, "--requests-per-minute") is { } r ? int.Parse(r, NumberStyles.None, CultureInfo.InvariantCulture) : (int?)null;
            var keys = services.GetRequiredService<ApiKeyStore>();
            var created = await keys.CreateAsync(tenant, Option(args, "--name") ?? (isOperator ? "operator" : "cli"), args.Contains("--admin"), rpm, isOperator, ct);
            Console.WriteLine(created.Key);
            var role = (created.Record.IsOperator, created.Record.IsAdmin) switch
            {
                (true, true) => " (operator, admin)",
                (true, false) => " (operator)",
                (false, true) => " (admin)",
                _ => "",
            };
            await Console.Error.WriteLineAsync($"Created key {created.Record.Id} for tenant '{tenant}'{role}. It is shown only once.");
            return 0;
        }

        var id = Guid.Parse(Option(args, "--id")!);
        var revoked = await services.GetRequiredService<ApiKeyRevocations>().RevokeAsync(id, ct) is not null;
        await Console.Error.WriteLineAsync(revoked ? $"Revoked key {id}; every Api process drops it now." : $"No active key {id}.");
        return revoked ? 0 : 1;
    }

    /// <summary>What is wrong with a <c>keys</c> command line, or null when it can run.</summary>
    public static string? Validate(string[] args)
    {
        switch (args.ElementAtOrDefault(1))
        {
            case "create":
                if (!args.Contains("--operator") && string.IsNullOrWhiteSpace(Option(args, "--tenant")))
                {
                    return "keys create needs --tenant NAME (or --operator for a platform operator key).\n" + Usage;
                }

                if (args.Contains("--requests-per-minute"))
                {
                    var value = Option(args, "--requests-per-minute");
                    if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var rpm) || rpm < 1)
                    {
                        return $"--requests-per-minute must be a whole number from 1 to {int.MaxValue}; got '{value}'. No key was created.";
                    }
                }

                return null;
            case "revoke":
                return Guid.TryParse(Option(args, "--id"), out _) ? null : $"keys revoke needs --id with the key's id (a GUID); got '{Option(args, "--id")}'.\n" + Usage;
            default:
                return Usage;
        }
    }

    private static string? Option(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length && !args[index + 1].StartsWith("--", StringComparison.Ordinal) ? args[index + 1] : null;
    }
}
