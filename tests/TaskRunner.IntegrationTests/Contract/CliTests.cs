using System.Text;
using Spectre.Console;
using TaskRunner.Cli;
using TaskRunner.Client;
using TaskRunner.IntegrationTests.Exercises;
using TaskRunner.IntegrationTests.Infrastructure;

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
    public async Task Keys_commands_create_list_and_revoke_through_the_admin_endpoints()
    {
        var operatorKey = (await platform.CreateKeyAsync("operator", isOperator: true)).Key;
        var tenant = $"keys-{Guid.NewGuid():N}"[..20];
        var settings = new Dictionary<string, string?> { ["TASKRUNNER_URL"] = api.BaseAddress.ToString(), ["TASKRUNNER_KEY"] = operatorKey };

        var (created, createOutput) = await RunAsync(["keys", "create", "--tenant", tenant, "--name", "from-cli"], settings.GetValueOrDefault);
        Assert.True(created == CliApp.Ok, createOutput);
        var newKey = createOutput.Split('\n').Select(l => l.Trim()).First(l => l.StartsWith("trk_", StringComparison.Ordinal));

        using var http = new HttpClient();
        Assert.Equal(0, (await TaskRunnerClientFactory.Create(http, api.BaseAddress, newKey).ListDocumentsAsync()).Total);

        var (listed, listOutput) = await RunAsync(["keys", "list", "--tenant", tenant], settings.GetValueOrDefault);
        Assert.True(listed == CliApp.Ok, listOutput);
        Assert.Contains("from-cli", listOutput, StringComparison.Ordinal);
        Assert.DoesNotContain(newKey, listOutput, StringComparison.Ordinal);

        // A tenant key may not manage keys.
        var (refused, refusedOutput) = await RunAsync(["keys", "list", "--key", newKey], settings.GetValueOrDefault);
        Assert.Equal(CliApp.Refused, refused);
        Assert.Contains("403", refusedOutput, StringComparison.Ordinal);
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
}
