using System.Text;
using System.Text.Json;
using Spectre.Console;
using TaskRunner.Cli;
using TaskRunner.Client;
using TaskRunner.IntegrationTests.Infrastructure;
using TaskRunner.Testing.OpenAi;

namespace TaskRunner.IntegrationTests.Contract;

/// <summary>
/// <c>taskrunner ask</c> in-process against the real Api process, the fixture's Worker (which ingests the lesson) and
/// the OpenAI-compatible test server as the LLM.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class CliAskTests(PlatformFixture platform) : IAsyncLifetime
{
    private const string Lesson = "Photosynthesis takes place inside chloroplasts of leaf cells. Chloroplasts contain chlorophyll, which absorbs red and blue light.";
    private ApiProcess api = null!;
    private string key = "";
    private Guid documentId;

    public async Task InitializeAsync()
    {
        await platform.EnsureWorkerAsync();
        api = await ApiProcess.StartAsync(platform.Settings);
        key = (await platform.CreateKeyAsync($"ask-{Guid.NewGuid():N}"[..20])).Key;
        using var http = new HttpClient();
        var client = TaskRunnerClientFactory.Create(http, api.BaseAddress, key);
        var upload = await client.UploadFileAsync(new MemoryStream(Encoding.UTF8.GetBytes(Lesson)), "photosynthesis.txt");
        Assert.Equal("succeeded", (await client.WaitForTaskAsync(upload.TaskId!.Value)).Status);
        documentId = upload.DocumentId;
    }

    public async Task DisposeAsync()
    {
        platform.Llm.Responder = null;
        await api.DisposeAsync();
    }

    [Fact]
    public async Task Ask_prints_the_streamed_tokens_in_order_then_the_sources_the_answer_cites()
    {
        string[] pieces = ["It happens ", "inside the ", "chloroplasts ", "of leaf cells [1]."];
        AnswerChatsWith(_ => ScriptedReply.Content(string.Concat(pieces), pieces: pieces.Length));

        var output = new RecordingWriter();
        var exit = await RunAsync(["ask", "Where does photosynthesis take place?", "--top-k", "3"], output);

        var text = output.ToString();
        Assert.True(exit == CliApp.Ok, text);
        Assert.Contains(string.Concat(pieces), text, StringComparison.Ordinal);
        var sources = text.IndexOf("Sources", StringComparison.Ordinal);
        Assert.True(sources > text.IndexOf(pieces[^1], StringComparison.Ordinal), $"The sources should follow the answer:\n{text}");
        var citedRow = text[sources..].Split('\n').FirstOrDefault(l => l.Contains("[1]", StringComparison.Ordinal)) ?? "";
        Assert.Contains(documentId.ToString(), citedRow, StringComparison.Ordinal);
        Assert.Contains("chloroplasts", citedRow, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ask_prints_tokens_while_the_llm_is_still_writing()
    {
        // The stub never finishes this answer, so every token the CLI prints reached it before the answer was done.
        AnswerChatsWith(_ => ScriptedReply.Endless("光合作用 ", TimeSpan.FromMilliseconds(50)));
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var output = new RecordingWriter(text =>
        {
            if (Count(text, "光合作用") >= 3)
            {
                stop.Cancel();
            }
        });

        try
        {
            await RunAsync(["ask", "What happens in the chloroplasts?"], output, stop.Token);
        }
        catch (OperationCanceledException)
        {
            // The test stopped the CLI once it had printed three tokens.
        }

        var text = output.ToString();
        Assert.True(Count(text, "光合作用") >= 3, $"Expected tokens to be printed while the answer was still being written:\n{text}");
        Assert.DoesNotContain("Sources", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ask_with_json_prints_the_whole_answer_with_citations_and_passages()
    {
        AnswerChatsWith(_ => ScriptedReply.Content("Inside chloroplasts [1].", pieces: 2));

        var output = new RecordingWriter();
        var exit = await RunAsync(["ask", "Where does photosynthesis take place?", "--json"], output);

        Assert.True(exit == CliApp.Ok, output.ToString());
        using var answer = JsonDocument.Parse(output.ToString());
        Assert.Equal("Inside chloroplasts [1].", answer.RootElement.GetProperty("answer").GetString());
        Assert.Equal("generative", answer.RootElement.GetProperty("mode").GetString());
        Assert.Equal(documentId, answer.RootElement.GetProperty("citations")[0].GetProperty("documentId").GetGuid());
        Assert.True(answer.RootElement.GetProperty("passages").GetArrayLength() >= 1);
    }

    [Fact]
    public async Task Ask_that_the_server_refuses_prints_the_problem_and_exits_refused()
    {
        var output = new RecordingWriter();
        var exit = await RunAsync(["ask", new string('x', 2001)], output);

        Assert.Equal(CliApp.Refused, exit);
        Assert.Contains("error 400", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("question", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ask_about_a_document_that_does_not_exist_is_refused_with_not_found()
    {
        var output = new RecordingWriter();
        var exit = await RunAsync(["ask", "Where?", "--document", Guid.NewGuid().ToString()], output);

        Assert.Equal(CliApp.Refused, exit);
        Assert.Contains("error 404", output.ToString(), StringComparison.Ordinal);
    }

    /// <summary>Answers chat requests (recognised by the gateway's system message) with <paramref name="reply"/>; other requests fall through.</summary>
    private void AnswerChatsWith(Func<ReceivedChatRequest, ScriptedReply> reply) =>
        platform.Llm.Responder = r => r.Messages[0].Content.Contains("numbered passages", StringComparison.Ordinal) ? reply(r) : null;

    private async Task<int> RunAsync(string[] args, TextWriter output, CancellationToken ct = default)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(output),
        });
        console.Profile.Width = 200;
        return await CliApp.RunAsync([.. args, "--url", api.BaseAddress.ToString(), "--key", key], console, _ => null, ct);
    }

    private static int Count(string text, string word) => text.Split(word).Length - 1;

    /// <summary>Collects what the CLI writes and shows it to <c>onWrite</c> after every write.</summary>
    private sealed class RecordingWriter(Action<string>? onWrite = null) : TextWriter
    {
        private readonly StringBuilder text = new();

        public override Encoding Encoding => Encoding.UTF8;

        public override void Write(char value) => Append(value.ToString());

        public override void Write(string? value) => Append(value ?? "");

        public override void Write(char[] buffer, int index, int count) => Append(new string(buffer, index, count));

        public override string ToString()
        {
            lock (text)
            {
                return text.ToString();
            }
        }

        private void Append(string value)
        {
            string now;
            lock (text)
            {
                now = text.Append(value).ToString();
            }

            onWrite?.Invoke(now);
        }
    }
}
