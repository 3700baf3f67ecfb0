using System.CommandLine;
using Spectre.Console;
using TaskRunner.Client;

namespace TaskRunner.Cli;

/// <summary>--url / TASKRUNNER_URL and --key / TASKRUNNER_KEY, shared by every command.</summary>
public sealed class CliSettings(Func<string, string?> environment)
{
    public const string DefaultUrl = "http://127.0.0.1:8080";

    public Option<string?> UrlOption { get; } = new("--url") { Description = $"The Api's address (default: TASKRUNNER_URL, else {DefaultUrl}).", Recursive = true };

    public Option<string?> KeyOption { get; } = new("--key") { Description = "An API key (default: TASKRUNNER_KEY).", Recursive = true };

    /// <summary>A client for the command, or null after telling the user which setting is missing or wrong.</summary>
    public TaskRunnerClient? CreateClient(ParseResult parse, IAnsiConsole console, out HttpClient? http)
    {
        http = null;
        var url = parse.GetValue(UrlOption) ?? environment("TASKRUNNER_URL") ?? DefaultUrl;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var baseUrl) || baseUrl.Scheme is not ("http" or "https"))
        {
            console.MarkupLineInterpolated($"[red]error:[/] --url must be an http(s) address such as {DefaultUrl}; got '{url}'.");
            return null;
        }

        var key = parse.GetValue(KeyOption) ?? environment("TASKRUNNER_KEY");
        if (string.IsNullOrWhiteSpace(key))
        {
            console.MarkupLine("[red]error:[/] no API key: pass --key or set TASKRUNNER_KEY (an operator can make one with [bold]taskrunner keys create[/]).");
            return null;
        }

        http = new HttpClient();
        return TaskRunnerClientFactory.Create(http, baseUrl, key);
    }
}
