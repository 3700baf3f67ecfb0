using TaskRunner.Client;

namespace TaskRunner.Cli.Commands;

/// <summary>A command's client and the HttpClient under it, disposed together.</summary>
internal sealed class ClientScope(TaskRunnerClient client, HttpClient http) : IDisposable
{
    public TaskRunnerClient Client { get; } = client;

    public HttpClient Http { get; } = http;

    public static ClientScope? Open(CliSettings settings, System.CommandLine.ParseResult parse, Spectre.Console.IAnsiConsole console) =>
        settings.CreateClient(parse, console, out var http) is { } client ? new ClientScope(client, http!) : null;

    public void Dispose() => Http.Dispose();
}
