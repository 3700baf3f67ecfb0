using Spectre.Console;
using TaskRunner.Client;

namespace TaskRunner.Cli.Commands;

/// <summary>Turns what the server or the network says into one clear line and an exit code.</summary>
internal static class CliErrors
{
    public static async Task<int> RunAsync(IAnsiConsole console, Func<Task<int>> command)
    {
        try
        {
            return await command();
        }
        catch (ApiException<ProblemDetails> problem)
        {
            var code = problem.Result.Code is { } c ? $" ({c})" : "";
            console.MarkupLineInterpolated($"[red]error {problem.StatusCode}{code}:[/] {problem.Result.Detail ?? problem.Result.Title ?? problem.Message}");
            return CliApp.Refused;
        }
        catch (ApiException error)
        {
            console.MarkupLineInterpolated($"[red]error {error.StatusCode}:[/] {FirstLine(error.Message)}");
            return CliApp.Refused;
        }
        catch (HttpRequestException error)
        {
            console.MarkupLineInterpolated($"[red]error:[/] cannot reach the Api: {error.Message}");
            return CliApp.Refused;
        }
    }

    private static string FirstLine(string text) => text.Split('\n', 2)[0];
}
