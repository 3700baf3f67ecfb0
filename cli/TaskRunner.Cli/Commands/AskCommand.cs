using System.CommandLine;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Spectre.Console;
using TaskRunner.Client;

namespace TaskRunner.Cli.Commands;

/// <summary>
/// <c>taskrunner ask "…"</c>: the chat endpoint (POST /api/v1/chat) when the server has one; otherwise the passages
/// search finds, with a note saying so.
/// </summary>
internal static class AskCommand
{
    public static Command Create(CliSettings settings, IAnsiConsole console)
    {
        var question = new Argument<string>("question") { Description = "The question, in quotes." };
        var topK = new Option<int>("--top-k") { Description = "Passages to read (1-20).", DefaultValueFactory = _ => 5 };
        var command = new Command("ask", "Asks a question about the tenant's documents.") { question, topK };
        command.SetAction((parse, ct) => CliErrors.RunAsync(console, async () =>
        {
            var text = parse.GetValue(question) ?? "";
            var k = parse.GetValue(topK);
            if (string.IsNullOrWhiteSpace(text) || k is < 1 or > 20)
            {
                console.MarkupLine("[red]error:[/] give a non-empty question and --top-k from 1 to 20.");
                return CliApp.BadArguments;
            }

            using var scope = ClientScope.Open(settings, parse, console);
            if (scope is null)
            {
                return CliApp.BadArguments;
            }

            using var chat = await scope.Http.PostAsJsonAsync("api/v1/chat", new { question = text, topK = k }, ct);
            if (chat.StatusCode is not (HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed))
            {
                return await PrintChatAsync(console, chat, ct);
            }

            console.MarkupLine("[yellow]note:[/] this server has no chat endpoint; showing the passages search finds instead.");
            var found = await scope.Client.SearchAsync(new SearchRequest { Query = text, TopK = k }, ct);
            var table = new Table().AddColumns("Score", "Document", "Passage");
            foreach (var chunk in found.Chunks)
            {
                table.AddRow(chunk.Score.ToString("0.000", System.Globalization.CultureInfo.InvariantCulture), chunk.DocumentId.ToString(), Markup.Escape(chunk.Text));
            }

            console.Write(table);
            return found.Chunks.Count > 0 ? CliApp.Ok : CliApp.WorkFailed;
        }));
        return command;
    }

    private static async Task<int> PrintChatAsync(IAnsiConsole console, HttpResponseMessage response, CancellationToken ct)
    {
        var body = await response.Content.ReadAsStringAsync(ct);
        if (!response.IsSuccessStatusCode)
        {
            console.MarkupLineInterpolated($"[red]error {(int)response.StatusCode}:[/] {body}");
            return CliApp.Refused;
        }

        try
        {
            using var json = JsonDocument.Parse(body);
            console.WriteLine(json.RootElement.TryGetProperty("answer", out var answer) ? answer.ToString() : body);
        }
        catch (JsonException)
        {
            console.WriteLine(body);
        }

        return CliApp.Ok;
    }
}
