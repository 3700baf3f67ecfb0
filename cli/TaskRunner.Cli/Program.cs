using Spectre.Console;

namespace TaskRunner.Cli;

/// <summary>The <c>taskrunner</c> executable: Ctrl+C cancels the running command.</summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };

        return await CliApp.RunAsync(args, AnsiConsole.Console, Environment.GetEnvironmentVariable, cancel.Token);
    }
}
