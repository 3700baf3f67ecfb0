using TaskRunner.Api.Hosting;

var builder = WebApplication.CreateBuilder(args);
if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]))
{
    builder.WebHost.UseUrls("http://127.0.0.1:8080");
}

builder.AddApiServices();
var app = builder.Build();

if (ApiCommands.IsCommand(args))
{
    // `dotnet TaskRunner.Api.dll migrate` or `… keys create --tenant NAME`: run the command and exit.
    Environment.ExitCode = await ApiCommands.RunAsync(args, app.Services, CancellationToken.None);
    return;
}

app.MapApi();
await app.RunAsync();

/// <summary>Entry point; public so integration tests can host the Api in-process.</summary>
public partial class Program;
