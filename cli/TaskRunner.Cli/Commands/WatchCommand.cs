using System.CommandLine;
using System.Text.Json;
using Spectre.Console;
using TaskRunner.Client;

namespace TaskRunner.Cli.Commands;

/// <summary><c>taskrunner watch &lt;task&gt;</c>: follows a task's events with a progress bar until it is final.</summary>
internal static class WatchCommand
{
    /// <summary>Indented, with Chinese and other text as it is rather than \u escapes: people read it.</summary>
    private static readonly JsonSerializerOptions ResultJson = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static Command Create(CliSettings settings, IAnsiConsole console)
    {
        var taskId = new Argument<Guid>("task") { Description = "The task's id." };
        var command = new Command("watch", "Follows a task until it is finished and prints its result or error.") { taskId };
        command.SetAction((parse, ct) => CliErrors.RunAsync(console, async () =>
        {
            using var scope = ClientScope.Open(settings, parse, console);
            if (scope is null)
            {
                return CliApp.BadArguments;
            }

            var task = await FollowAsync(scope.Client, console, parse.GetValue(taskId), ct);
            Report(console, task);
            return task.Status == "succeeded" ? CliApp.Ok : CliApp.WorkFailed;
        }));
        return command;
    }

    /// <summary>Shows one bar for the task while it runs; returns the final task.</summary>
    public static async Task<TaskResponse> FollowAsync(TaskRunnerClient client, IAnsiConsole console, Guid id, CancellationToken ct)
    {
        TaskResponse? final = null;
        await console.Progress().AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                var bar = context.AddTask($"task {id}", maxValue: 100);
                final = await client.WaitForTaskAsync(id, new Progress<TaskEvent>(e =>
                {
                    if (e.Progress is { } fraction)
                    {
                        bar.Value = 100 * fraction;
                    }

                    bar.Description = Markup.Escape($"{e.Status ?? "running"} {e.Stage}".Trim());
                }), ct);
                bar.Value = 100;
                bar.StopTask();
            });
        return final!;
    }

    public static void Report(IAnsiConsole console, TaskResponse task)
    {
        var colour = task.Status == "succeeded" ? "green" : "red";
        console.MarkupLineInterpolated($"[{colour}]{task.Status}[/] {task.Type} {task.Id}");
        if (task.Error is { } error)
        {
            console.MarkupLineInterpolated($"[red]{error.Code}[/]: {error.Message}");
        }
        else if (task.Result is { } result)
        {
            // The contract types a result as any JSON object; the generated class keeps its members as extension data.
            console.WriteLine(JsonSerializer.Serialize(result.AdditionalProperties, ResultJson));
        }
    }
}
