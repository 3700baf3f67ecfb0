using System.CommandLine;
using Spectre.Console;
using TaskRunner.Client;

namespace TaskRunner.Cli.Commands;

/// <summary><c>taskrunner generate &lt;documentId&gt;</c>: writes exercises from a document, follows the task and prints them.</summary>
internal static class GenerateCommand
{
    public static Command Create(CliSettings settings, IAnsiConsole console)
    {
        var documentId = new Argument<Guid>("documentId") { Description = "The document to write exercises from." };
        var count = new Option<int>("--count") { Description = "How many exercises.", DefaultValueFactory = _ => 5 };
        var types = new Option<string[]>("--type") { Description = "multiple_choice, fill_in_blank, true_false or short_answer (repeatable).", AllowMultipleArgumentsPerToken = true };
        var language = new Option<string?>("--language") { Description = "zh or en." };
        var difficulty = new Option<string?>("--difficulty") { Description = "easy, medium or hard." };
        var command = new Command("generate", "Generates exercises from a document and prints them.") { documentId, count, types, language, difficulty };
        command.SetAction((parse, ct) => CliErrors.RunAsync(console, async () =>
        {
            using var scope = ClientScope.Open(settings, parse, console);
            if (scope is null)
            {
                return CliApp.BadArguments;
            }

            var chosen = parse.GetValue(types) is { Length: > 0 } t ? t : ["multiple_choice"];
            var accepted = await scope.Client.GenerateExercisesAsync(new GenerateExercisesRequest
            {
                DocumentIds = [parse.GetValue(documentId)],
                Count = parse.GetValue(count),
                Types = chosen,
                Language = parse.GetValue(language),
                Difficulty = parse.GetValue(difficulty),
            }, ct);
            var task = await WatchCommand.FollowAsync(scope.Client, console, accepted.TaskId!.Value, ct);
            if (task.Status != "succeeded")
            {
                WatchCommand.Report(console, task);
                return CliApp.WorkFailed;
            }

            var exercises = await scope.Client.ListExercisesAsync(taskId: task.Id, pageSize: "100", cancellationToken: ct);
            var table = new Table().Title($"{exercises.Total} exercises").AddColumns("#", "Type", "Question", "Answer");
            foreach (var exercise in exercises.Items)
            {
                table.AddRow(exercise.Ordinal.ToString(System.Globalization.CultureInfo.InvariantCulture), exercise.Type, Markup.Escape(exercise.Question), Markup.Escape(exercise.Answer));
            }

            console.Write(table);
            return CliApp.Ok;
        }));
        return command;
    }
}
