using System.Collections.Concurrent;
using System.CommandLine;
using Spectre.Console;
using TaskRunner.Client;

namespace TaskRunner.Cli.Commands;

/// <summary><c>taskrunner ingest &lt;files or folders&gt;</c>: uploads with a live progress bar per file, then a summary table.</summary>
internal static class IngestCommand
{
    // Of each bar, the upload fills the first 30 %, ingestion the rest.
    private const double UploadShare = 30;

    public static Command Create(CliSettings settings, IAnsiConsole console)
    {
        var paths = new Argument<string[]>("paths") { Description = "Files or folders (folders are read recursively).", Arity = ArgumentArity.OneOrMore };
        var noWait = new Option<bool>("--no-wait") { Description = "Upload only; do not follow ingestion." };
        var parallel = new Option<int>("--parallel") { Description = "Files uploaded at once (1-16).", DefaultValueFactory = _ => 4 };
        var command = new Command("ingest", "Uploads documents and follows their ingestion until they are ready.") { paths, noWait, parallel };
        command.SetAction((parse, ct) => CliErrors.RunAsync(console, async () =>
        {
            var files = Resolve(parse.GetValue(paths) ?? [], console);
            var width = parse.GetValue(parallel);
            if (files is null)
            {
                return CliApp.BadArguments;
            }

            if (width is < 1 or > 16)
            {
                console.MarkupLineInterpolated($"[red]error:[/] --parallel must be from 1 to 16; got {width}.");
                return CliApp.BadArguments;
            }

            using var client = ClientScope.Open(settings, parse, console);
            if (client is null)
            {
                return CliApp.BadArguments;
            }

            var rows = new ConcurrentDictionary<string, IngestRow>();
            using var gate = new SemaphoreSlim(width);
            await console.Progress().AutoClear(false).HideCompleted(false)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new SpinnerColumn())
                .StartAsync(async context =>
                {
                    var bars = files.ToDictionary(f => f, f => context.AddTask(Markup.Escape(Path.GetFileName(f)), maxValue: 100));
                    await Task.WhenAll(files.Select(async file =>
                    {
                        await gate.WaitAsync(ct);
                        try
                        {
                            rows[file] = await IngestAsync(client.Client, file, bars[file], parse.GetValue(noWait), ct);
                        }
                        catch (ApiException error)
                        {
                            rows[file] = new IngestRow(file, null, "refused", (error as ApiException<ProblemDetails>)?.Result.Detail ?? error.Message.Split('\n')[0]);
                        }
                        finally
                        {
                            bars[file].Value = 100;
                            bars[file].StopTask();
                            gate.Release();
                        }
                    }));
                });

            var table = new Table().Title("Ingestion").AddColumns("File", "Document", "Status", "Note");
            foreach (var row in files.Select(f => rows[f]))
            {
                var colour = row.Status is "succeeded" or "ready" or "uploaded" ? "green" : "red";
                table.AddRow(Markup.Escape(row.File), row.DocumentId?.ToString() ?? "-", $"[{colour}]{Markup.Escape(row.Status)}[/]", Markup.Escape(row.Note ?? ""));
            }

            console.Write(table);
            return rows.Values.All(r => r.Status is "succeeded" or "ready" or "uploaded") ? CliApp.Ok : CliApp.WorkFailed;
        }));
        return command;
    }

    private static async Task<IngestRow> IngestAsync(TaskRunnerClient client, string file, ProgressTask bar, bool noWait, CancellationToken ct)
    {
        var size = Math.Max(1, new FileInfo(file).Length);
        var upload = await client.UploadFileAsync(file, bytesSent: new Progress<long>(sent => bar.Value = UploadShare * sent / size), cancellationToken: ct);
        if (upload.Existing is { } existing)
        {
            return new IngestRow(file, existing.DocumentId, existing.DocumentStatus, "already uploaded");
        }

        bar.Value = UploadShare;
        if (noWait)
        {
            return new IngestRow(file, upload.DocumentId, "uploaded", $"task {upload.TaskId}");
        }

        var task = await client.WaitForTaskAsync(upload.TaskId!.Value, new Progress<TaskEvent>(e =>
        {
            if (e.Progress is { } fraction)
            {
                bar.Value = UploadShare + ((100 - UploadShare) * fraction);
            }

            if (e.Stage is { } stage)
            {
                bar.Description = $"{Markup.Escape(Path.GetFileName(file))} [grey]{Markup.Escape(stage)}[/]";
            }
        }), ct);
        return new IngestRow(file, upload.DocumentId, task.Status, task.Error?.Message ?? task.Message);
    }

    /// <summary>The files named or found under the folders named, or null after saying which path does not exist.</summary>
    private static List<string>? Resolve(string[] paths, IAnsiConsole console)
    {
        var files = new List<string>();
        foreach (var path in paths)
        {
            if (File.Exists(path))
            {
                files.Add(Path.GetFullPath(path));
            }
            else if (Directory.Exists(path))
            {
                files.AddRange(Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories)
                    .Where(f => !Path.GetFileName(f).StartsWith('.')).Select(Path.GetFullPath).Order(StringComparer.Ordinal));
            }
            else
            {
                console.MarkupLineInterpolated($"[red]error:[/] no file or folder '{path}'.");
                return null;
            }
        }

        if (files.Count == 0)
        {
            console.MarkupLine("[red]error:[/] the folders named hold no files.");
            return null;
        }

        return files.Distinct().ToList();
    }

    private sealed record IngestRow(string File, Guid? DocumentId, string Status, string? Note);
}
