using System.CommandLine;
using Spectre.Console;
using TaskRunner.Client;

namespace TaskRunner.Cli.Commands;

/// <summary><c>taskrunner keys create|list|revoke</c>: API keys through the operator-only admin endpoints (needs an operator key).</summary>
internal static class KeysCommand
{
    public static Command Create(CliSettings settings, IAnsiConsole console)
    {
        var keys = new Command("keys", "Creates, lists and revokes API keys (operator keys only).");

        var tenant = new Option<string?>("--tenant") { Description = "The tenant the key acts for." };
        var name = new Option<string?>("--name") { Description = "A name to recognise the key by." };
        var admin = new Option<bool>("--admin") { Description = "A tenant admin key (tenant-wide maintenance)." };
        var isOperator = new Option<bool>("--operator") { Description = "A platform operator key (dashboard, diagnostics, keys)." };
        var rpm = new Option<int?>("--requests-per-minute") { Description = "The key's rate limit." };
        var create = new Command("create", "Creates a key and prints it (shown only once).") { tenant, name, admin, isOperator, rpm };
        create.Validators.Add(result =>
        {
            if (result.GetValue(isOperator) is false && string.IsNullOrWhiteSpace(result.GetValue(tenant)))
            {
                result.AddError("keys create needs --tenant NAME (or --operator for a platform operator key).");
            }

            if (result.GetValue(rpm) is < 1)
            {
                result.AddError("--requests-per-minute must be 1 or more.");
            }
        });
        create.SetAction((parse, ct) => WithClientAsync(settings, parse, console, async client =>
        {
            var created = await client.CreateApiKeyAsync(new CreateApiKeyRequest
            {
                Tenant = parse.GetValue(tenant), Name = parse.GetValue(name), Admin = parse.GetValue(admin),
                Operator = parse.GetValue(isOperator), RequestsPerMinute = parse.GetValue(rpm),
            }, ct);
            console.WriteLine(created.Key);
            console.MarkupLineInterpolated($"[grey]Created key {created.Record.Id} for tenant '{created.Record.TenantId}'. It is shown only once.[/]");
            return CliApp.Ok;
        }));

        var listTenant = new Option<string?>("--tenant") { Description = "Only this tenant's keys." };
        var list = new Command("list", "Lists keys (prefixes only).") { listTenant };
        list.SetAction((parse, ct) => WithClientAsync(settings, parse, console, async client =>
        {
            var table = new Table().AddColumns("Id", "Tenant", "Name", "Prefix", "Role", "Requests/min", "Created", "Revoked");
            foreach (var key in await client.ListApiKeysAsync(parse.GetValue(listTenant), ct))
            {
                var role = key.IsOperator ? "operator" : key.IsAdmin ? "admin" : "";
                table.AddRow(key.Id.ToString(), Markup.Escape(key.TenantId), Markup.Escape(key.Name), Markup.Escape(key.Prefix), role,
                    key.RequestsPerMinute?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-", key.CreatedAt.ToString("u"), key.RevokedAt?.ToString("u") ?? "");
            }

            console.Write(table);
            return CliApp.Ok;
        }));

        var id = new Argument<Guid>("id") { Description = "The key's id (from keys list)." };
        var revoke = new Command("revoke", "Revokes a key at once on every Api process.") { id };
        revoke.SetAction((parse, ct) => WithClientAsync(settings, parse, console, async client =>
        {
            await client.RevokeApiKeyAsync(parse.GetValue(id), ct);
            console.MarkupLineInterpolated($"Revoked key {parse.GetValue(id)}.");
            return CliApp.Ok;
        }));

        keys.Subcommands.Add(create);
        keys.Subcommands.Add(list);
        keys.Subcommands.Add(revoke);
        return keys;
    }

    private static Task<int> WithClientAsync(CliSettings settings, ParseResult parse, IAnsiConsole console, Func<TaskRunnerClient, Task<int>> action) =>
        CliErrors.RunAsync(console, async () =>
        {
            using var scope = ClientScope.Open(settings, parse, console);
            return scope is null ? CliApp.BadArguments : await action(scope.Client);
        });
}
