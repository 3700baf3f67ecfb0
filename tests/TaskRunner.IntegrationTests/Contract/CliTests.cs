using System.Text;
using Spectre.Console;
using TaskRunner.Cli;
using TaskRunner.Client;
using TaskRunner.IntegrationTests.Exercises;
using TaskRunner.IntegrationTests.Infrastructure;
using TaskRunner.Testing.OpenAi;

namespace TaskRunner.IntegrationTests.Contract;

/// <summary>The taskrunner CLI, run in-process through its entry point, against the real Api process and the fixture's Worker.</summary>
[Collection(PlatformCollection.Name)]
public sealed class CliTests(PlatformFixture platform) : IAsyncLifetime
{
    private ApiProcess api = null!;

    public async Task InitializeAsync()
    {
        await platform.EnsureWorkerAsync();
        api = await ApiProcess.StartAsync(platform.Settings);
    }

    public async Task DisposeAsync() => await api.DisposeAsync();

    [Fact]
    public async Task Ingest_of_a_folder_of_two_files_reaches_ready_and_prints_a_summary()
    {
        var tenant = $"cli-{Guid.NewGuid():N}"[..20];
        var key = (await platform.CreateKeyAsync(tenant)).Key;
        var folder = Directory.CreateTempSubdirectory("taskrunner-cli-").FullName;
        try
        {
            await File.WriteAllTextAsync(Path.Combine(folder, "first.txt"), Lesson.English(21, paragraphs: 4), Encoding.UTF8);
            await File.WriteAllTextAsync(Path.Combine(folder, "second.md"), "# Second\n\n" + Lesson.English(22, paragraphs: 4), Encoding.UTF8);

            var (exit, output) = await RunAsync(["ingest", folder, "--url", api.BaseAddress.ToString(), "--key", key]);

            Assert.True(exit == CliApp.Ok, output);
            Assert.Contains("first.txt", output, StringComparison.Ordinal);
            Assert.Contains("second.md", output, StringComparison.Ordinal);
            Assert.Equal(2, CountOf(output, "succeeded"));

            using var http = new HttpClient();
            var client = TaskRunnerClientFactory.Create(http, api.BaseAddress, key);
            var documents = await client.ListDocumentsAsync();
            Assert.Equal(2, documents.Total);
            Assert.All(documents.Items, d => Assert.Equal("ready", d.Status));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Theory]
    [InlineData("watch", "not-a-guid")]
    [InlineData("frobnicate")]
    [InlineData("ingest")]
    [InlineData("ingest", "/no/such/folder/anywhere", "--key", "tr_whatever")]
    [InlineData("ask", "why?", "--top-k", "0", "--key", "tr_whatever")]
    [InlineData("ask", "   ", "--key", "tr_whatever")]
    [InlineData("ask", "why?", "--document", "not-a-guid", "--key", "tr_whatever")]
    [InlineData("keys", "create", "--key", "tr_whatever")]
    public async Task Bad_arguments_get_a_message_and_a_non_zero_exit(params string[] args)
    {
        var (exit, output) = await RunAsync([.. args, "--url", api.BaseAddress.ToString()]);
        Assert.Equal(CliApp.BadArguments, exit);
        Assert.Contains("error", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_key_commands_say_which_setting_is_missing()
    {
        var (exit, output) = await RunAsync(["watch", Guid.NewGuid().ToString(), "--url", api.BaseAddress.ToString()], environment: _ => null);
        Assert.Equal(CliApp.BadArguments, exit);
        Assert.Contains("TASKRUNNER_KEY", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Watch_follows_a_running_task_until_it_ends_and_prints_its_final_state()
    {
        var key = (await platform.CreateKeyAsync($"watch-{Guid.NewGuid():N}"[..20])).Key;
        using var http = new HttpClient();
        var client = TaskRunnerClientFactory.Create(http, api.BaseAddress, key);
        var prompt = $"Name the stages of the water cycle ({Guid.NewGuid():N}).";
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        platform.Llm.Responder = r => r.LastUserMessage.Contains(prompt, StringComparison.Ordinal)
            ? ScriptedReply.Content("Evaporation, condensation, precipitation and collection.", pieces: 3) with { HoldUntil = release.Task }
            : null;
        try
        {
            var accepted = await client.SubmitPromptAsync(new PromptRequest { Prompt = prompt });
            var taskId = accepted.TaskId!.Value;

            // The LLM call is held, so the task is running and cannot end before the reply is released.
            await WaitUntilAsync(() => platform.Llm.Requests.Any(r => r.LastUserMessage.Contains(prompt, StringComparison.Ordinal)), "the task's LLM call");
            Assert.Equal("running", (await client.GetTaskAsync(taskId)).Status);
            var watching = RunAsync(["watch", taskId.ToString(), "--url", api.BaseAddress.ToString(), "--key", key]);
            Assert.False(watching.IsCompleted, "watch returned while its task was still running");
            release.SetResult();
            var (exit, output) = await watching;

            Assert.True(exit == CliApp.Ok, output);
            Assert.Contains($"succeeded llm.prompt {taskId}", output, StringComparison.Ordinal);
            Assert.Contains("Evaporation, condensation, precipitation and collection.", output, StringComparison.Ordinal);
            Assert.Equal("succeeded", (await client.GetTaskAsync(taskId)).Status);
        }
        finally
        {
            release.TrySetResult();
            platform.Llm.Responder = null;
        }
    }

    [Fact]
    public async Task Generate_writes_exercises_from_a_document_with_the_llm_and_prints_them()
    {
        var key = (await platform.CreateKeyAsync($"gen-{Guid.NewGuid():N}"[..20])).Key;
        using var http = new HttpClient();
        var client = TaskRunnerClientFactory.Create(http, api.BaseAddress, key);
        var upload = await client.UploadFileAsync(new MemoryStream(Encoding.UTF8.GetBytes(Lesson.English(31, paragraphs: 4))), "lesson.txt");
        Assert.Equal("succeeded", (await client.WaitForTaskAsync(upload.TaskId!.Value)).Status);
        var llmCallsBefore = platform.Llm.TotalRequests;

        var (exit, output) = await RunAsync(
            ["generate", upload.DocumentId.ToString(), "--count", "3", "--type", "multiple_choice", "--language", "en", "--url", api.BaseAddress.ToString(), "--key", key]);

        Assert.True(exit == CliApp.Ok, output);
        Assert.True(platform.Llm.TotalRequests > llmCallsBefore, "generate did not reach the LLM");
        var exercises = await client.ListExercisesAsync(documentId: upload.DocumentId);
        Assert.Equal(3, exercises.Total);
        Assert.Contains($"{exercises.Total} exercises", output, StringComparison.Ordinal);
        Assert.All(exercises.Items, e =>
        {
            Assert.Equal("multiple_choice", e.Type);
            Assert.Contains(e.Question, output, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task Keys_commands_create_list_and_revoke_through_the_admin_endpoints()
    {
        var operatorKey = (await platform.CreateKeyAsync("operator", isOperator: true)).Key;
        var tenant = $"keys-{Guid.NewGuid():N}"[..20];
        var settings = new Dictionary<string, string?> { ["TASKRUNNER_URL"] = api.BaseAddress.ToString(), ["TASKRUNNER_KEY"] = operatorKey };

        var (created, createOutput) = await RunAsync(["keys", "create", "--tenant", tenant, "--name", "from-cli"], settings.GetValueOrDefault);
        Assert.True(created == CliApp.Ok, createOutput);
        var newKey = createOutput.Split('\n').Select(l => l.Trim()).First(l => l.StartsWith("trk_", StringComparison.Ordinal));

        using var newKeyHttp = new HttpClient();
        var asNewKey = TaskRunnerClientFactory.Create(newKeyHttp, api.BaseAddress, newKey);
        Assert.Equal(0, (await asNewKey.ListDocumentsAsync()).Total);

        var (listed, listOutput) = await RunAsync(["keys", "list", "--tenant", tenant], settings.GetValueOrDefault);
        Assert.True(listed == CliApp.Ok, listOutput);
        Assert.Contains("from-cli", listOutput, StringComparison.Ordinal);
        Assert.DoesNotContain(newKey, listOutput, StringComparison.Ordinal);

        // A tenant key may not manage keys.
        var (refused, refusedOutput) = await RunAsync(["keys", "list", "--key", newKey], settings.GetValueOrDefault);
        Assert.Equal(CliApp.Refused, refused);
        Assert.Contains("403", refusedOutput, StringComparison.Ordinal);

        using var operatorHttp = new HttpClient();
        var keyId = Assert.Single(await TaskRunnerClientFactory.Create(operatorHttp, api.BaseAddress, operatorKey).ListApiKeysAsync(tenant)).Id;
        var (revoked, revokeOutput) = await RunAsync(["keys", "revoke", keyId.ToString()], settings.GetValueOrDefault);
        Assert.True(revoked == CliApp.Ok, revokeOutput);
        Assert.Contains($"Revoked key {keyId}", revokeOutput, StringComparison.Ordinal);

        var rejected = await Assert.ThrowsAsync<ApiException<ProblemDetails>>(() => asNewKey.ListDocumentsAsync());
        Assert.Equal(401, rejected.StatusCode);
        Assert.Equal("invalid_api_key", rejected.Result.Code);
        var (_, afterOutput) = await RunAsync(["keys", "list", "--tenant", tenant], settings.GetValueOrDefault);
        var row = afterOutput.Split('\n').Single(l => l.Contains(keyId.ToString(), StringComparison.Ordinal));
        Assert.Matches(@"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}Z.*\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}Z", row);
    }

    [Fact]
    public async Task Keys_create_operator_makes_a_key_that_opens_operator_only_routes()
    {
        var operatorKey = (await platform.CreateKeyAsync("operator", isOperator: true)).Key;
        var tenantAdminKey = (await platform.CreateKeyAsync($"adm-{Guid.NewGuid():N}"[..20], admin: true)).Key;
        var settings = new Dictionary<string, string?> { ["TASKRUNNER_URL"] = api.BaseAddress.ToString(), ["TASKRUNNER_KEY"] = operatorKey };

        var (created, output) = await RunAsync(["keys", "create", "--operator", "--name", "second-operator"], settings.GetValueOrDefault);
        Assert.True(created == CliApp.Ok, output);
        var newKey = output.Split('\n').Select(l => l.Trim()).First(l => l.StartsWith("trk_", StringComparison.Ordinal));

        using var http = new HttpClient();
        var asNewOperator = TaskRunnerClientFactory.Create(http, api.BaseAddress, newKey);
        var accepted = await asNewOperator.SubmitNoopTaskAsync(new NoopRequest { DurationMs = 10, Steps = 1 });
        Assert.Equal("queued", accepted.Status);
        Assert.Contains(await asNewOperator.ListApiKeysAsync(), k => k.Name == "second-operator" && k.IsOperator);

        // The same route refuses a tenant admin key: the new key opened it because it is an operator key.
        using var adminHttp = new HttpClient();
        var refused = await Assert.ThrowsAsync<ApiException<ProblemDetails>>(
            () => TaskRunnerClientFactory.Create(adminHttp, api.BaseAddress, tenantAdminKey).SubmitNoopTaskAsync(new NoopRequest { DurationMs = 10, Steps = 1 }));
        Assert.Equal(403, refused.StatusCode);
    }

    private static async Task<(int Exit, string Output)> RunAsync(string[] args, Func<string, string?>? environment = null)
    {
        var writer = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(writer),
        });
        console.Profile.Width = 200;
        var exit = await CliApp.RunAsync(args, console, environment ?? (_ => null), CancellationToken.None);
        return (exit, writer.ToString());
    }

    private static int CountOf(string text, string word) => text.Split(word).Length - 1;

    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (!condition())
        {
            Assert.False(deadline.IsCancellationRequested, $"Still waiting for {what}.");
            await Task.Delay(50, CancellationToken.None);
        }
    }
}
