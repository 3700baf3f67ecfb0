using System.CommandLine;
using Spectre.Console;
using TaskRunner.Cli.Commands;

namespace TaskRunner.Cli;

/// <summary>The <c>taskrunner</c> command tree. Exit codes: 0 done, 1 the work failed, 2 bad arguments or settings, 3 the server refused.</summary>
public static class CliApp
{
    public const int Ok = 0;
    public const int WorkFailed = 1;
    public const int BadArguments = 2;
    public const int Refused = 3;

    public static async Task<int> RunAsync(string[] args, IAnsiConsole console, Func<string, string?> environment, CancellationToken ct)
    {
        var settings = new CliSettings(environment);
        var root = new RootCommand("TaskRunner from the command line: ingest documents, watch tasks, ask, generate exercises, manage keys.")
        {
            settings.UrlOption,
            settings.KeyOption,
        };
        root.Subcommands.Add(IngestCommand.Create(settings, console));
        root.Subcommands.Add(WatchCommand.Create(settings, console));
        root.Subcommands.Add(AskCommand.Create(settings, console));
        root.Subcommands.Add(GenerateCommand.Create(settings, console));
        root.Subcommands.Add(KeysCommand.Create(settings, console));

        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
            {
                console.MarkupLineInterpolated($"[red]error:[/] {error.Message}");
            }

            console.MarkupLine("Run [bold]taskrunner --help[/] for usage.");
            return BadArguments;
        }

        var output = new StringWriter();
        var exit = await parsed.InvokeAsync(new InvocationConfiguration { Output = output, Error = output }, ct);
        if (output.GetStringBuilder().Length > 0)
        {
            console.Write(new Text(output.ToString()));
        }

        return exit;
    }
}
