using TaskRunner.Api.Hosting;
using TaskRunner.Shared.Persistence;

var builder = WebApplication.CreateBuilder(args);
if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]))
{
    builder.WebHost.UseUrls("http://127.0.0.1:8080");
}

builder.AddApiServices();
var app = builder.Build();

if (args.FirstOrDefault() == "migrate")
{
    // `dotnet TaskRunner.Api.dll migrate`: apply schema migrations and exit (run.sh and deployments call this).
    var applied = await app.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync(CancellationToken.None);
    Console.WriteLine(applied.Count == 0 ? "Database is up to date." : $"Applied {applied.Count} migration(s): {string.Join(", ", applied)}");
    return;
}

app.MapApi();
await app.RunAsync();

/// <summary>Entry point; public so integration tests can host the Api in-process.</summary>
public partial class Program;
