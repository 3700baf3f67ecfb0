using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Spectre.Console;
using TaskRunner.Client;

namespace TaskRunner.Cli.Commands;

/// <summary>
/// <c>taskrunner ask "…"</c>: streams the chat endpoint's answer (POST /api/v1/chat as text/event-stream), printing
/// tokens as they arrive and then the cited sources; <c>--json</c> prints the whole answer as JSON instead.
/// </summary>
internal static class AskCommand
{
    private static readonly JsonSerializerOptions Indented = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static Command Create(CliSettings settings, IAnsiConsole console)
    {
        var question = new Argument<string>("question") { Description = "The question, in quotes." };
        var topK = new Option<int>("--top-k") { Description = "Passages to read (1-20).", DefaultValueFactory = _ => 5 };
        var documents = new Option<string[]>("--document") { Description = "Only this document's id (repeat for several; default all)." };
        var json = new Option<bool>("--json") { Description = "Wait for the whole answer and print it as JSON (answer, citations, passages, usage)." };
        var command = new Command("ask", "Asks a question about the tenant's documents; the answer streams as it is written.") { question, topK, documents, json };
        command.SetAction((parse, ct) => CliErrors.RunAsync(console, async () =>
        {
            var text = parse.GetValue(question) ?? "";
            var k = parse.GetValue(topK);
            if (string.IsNullOrWhiteSpace(text) || k is < 1 or > 20)
            {
                console.MarkupLine("[red]error:[/] give a non-empty question and --top-k from 1 to 20.");
                return CliApp.BadArguments;
            }

            var documentIds = new List<Guid>();
            foreach (var document in parse.GetValue(documents) ?? [])
            {
                if (!Guid.TryParse(document, out var id))
                {
                    console.MarkupLineInterpolated($"[red]error:[/] --document takes a document id (a GUID); got '{document}'.");
                    return CliApp.BadArguments;
                }

                documentIds.Add(id);
            }

            using var scope = ClientScope.Open(settings, parse, console);
            if (scope is null)
            {
                return CliApp.BadArguments;
            }

            var request = new ChatRequest { Question = text, TopK = k, DocumentIds = documentIds.Count > 0 ? documentIds : null };
            if (parse.GetValue(json))
            {
                var answer = await scope.Client.AskAsync(request, ct);
                console.WriteLine(JsonSerializer.Serialize(answer, Indented));
                return CliApp.Ok;
            }

            return await StreamAsync(scope.Client, console, request, ct);
        }));
        return command;
    }

    /// <summary>Writes each token as it arrives; after the done event, the sources the answer cites.</summary>
    private static async Task<int> StreamAsync(TaskRunnerClient client, IAnsiConsole console, ChatRequest request, CancellationToken ct)
    {
        await foreach (var chatEvent in client.StreamChatAsync(request, ct))
        {
            switch (chatEvent)
            {
                case ChatRetrievalEvent retrieval:
                    console.MarkupLineInterpolated($"[grey]{retrieval.Passages.Count} passages ({Sources(retrieval.Sources)})[/]");
                    break;
                case ChatTokenEvent token:
                    console.Write(new Text(token.Text));
                    break;
                case ChatRestartEvent restart:
                    console.WriteLine();
                    console.MarkupLineInterpolated($"[yellow]the LLM call is retried (attempt {restart.Attempt}); the answer starts again:[/]");
                    break;
                case ChatDoneEvent done:
                    console.WriteLine();
                    PrintSources(console, done.Answer);
                    return CliApp.Ok;
                case ChatErrorEvent error:
                    console.WriteLine();
                    console.MarkupLineInterpolated($"[red]error ({error.Code}):[/] {error.Message}");
                    return CliApp.WorkFailed;
            }
        }

        console.WriteLine();
        console.MarkupLine("[red]error:[/] the answer stream ended before the answer was done.");
        return CliApp.WorkFailed;
    }

    private static void PrintSources(IAnsiConsole console, ChatAnswer answer)
    {
        if (answer.Mode == "extractive")
        {
            console.MarkupLine("[grey]extractive answer: no LLM is configured, these are the passages' own sentences.[/]");
        }

        if (answer.Citations.Count == 0)
        {
            console.MarkupLine("[grey]no sources cited.[/]");
            return;
        }

        var table = new Table().Title("Sources").AddColumns("#", "Document", "Page", "Section", "Passage");
        foreach (var citation in answer.Citations)
        {
            var passage = answer.PassageOf(citation);
            table.AddRow(
                $"[[{citation.Number}]]",
                citation.DocumentId.ToString(),
                citation.Page?.ToString(CultureInfo.InvariantCulture) ?? "",
                Markup.Escape(citation.Section ?? ""),
                Markup.Escape(passage?.Snippet ?? ""));
        }

        console.Write(table);
    }

    private static string Sources(IReadOnlyDictionary<string, string> sources) => string.Join(", ", sources.Select(s => $"{s.Key} {s.Value}"));
}
