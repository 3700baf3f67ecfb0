using Spectre.Console;
using TaskRunner.Cli;

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

return await CliApp.RunAsync(args, AnsiConsole.Console, Environment.GetEnvironmentVariable, cancel.Token);
