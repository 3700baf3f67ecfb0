using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;
using TaskRunner.IntegrationTests.Infrastructure;
using TaskRunner.Ingestion.Storage;

namespace TaskRunner.IntegrationTests.Security;

/// <summary>Settings written a little differently, and bad command-line numbers, give a working system or a clear message.</summary>
[Collection(PlatformCollection.Name)]
public sealed class ConfigurationTests(PlatformFixture platform)
{
    [Theory]
    [InlineData("/")]
    [InlineData("//")]
    [InlineData("")]
    public async Task A_storage_root_with_or_without_a_trailing_separator_stores_and_finds_files(string suffix)
    {
        var root = Path.Combine(platform.StorageRoot, $"root-{Guid.NewGuid():N}");
        var storage = new FileStorage(Options.Create(new StorageOptions { Root = root + suffix }));
        using var content = new MemoryStream("光合作用 photosynthesis"u8.ToArray());
        var stored = await storage.SaveAsync(content, 1024, CancellationToken.None);

        var full = storage.GetFullPath(stored.RelativePath);
        Assert.StartsWith(root + Path.DirectorySeparatorChar, full, StringComparison.Ordinal);
        Assert.Equal(content.Length, new FileInfo(full).Length);
        Assert.Throws<ArgumentException>(() => storage.GetFullPath("../escape.bin"));
        storage.Delete(stored.RelativePath);
        Assert.False(File.Exists(full));
    }

    [Theory]
    [InlineData("/")]
    [InlineData("//")]
    public async Task An_api_process_whose_storage_root_ends_in_a_separator_accepts_an_upload_the_worker_then_ingests(string suffix)
    {
        // The Api process writes below "<root>/"; the fixture's Worker reads below "<root>": both must mean one directory.
        var settings = platform.Settings.ToDictionary();
        settings["Storage__Root"] = platform.StorageRoot + suffix;
        var key = await platform.CreateKeyAsync($"tenant-root-{Guid.NewGuid():N}"[..24]);
        await using var apiProcess = await ApiProcess.StartAsync(settings);
        using var client = new HttpClient { BaseAddress = apiProcess.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key.Key);
        var api = new Api.TaskRunnerApiClient(client);

        var upload = await api.UploadAcceptedAsync("光合作用 photosynthesis, stored below a root written with a trailing separator."u8.ToArray(), "root.txt");

        await using var connection = new NpgsqlConnection(platform.ConnectionString);
        var stored = await connection.ExecuteScalarAsync<string>("select storage_path from documents where id = @id", new { id = upload.GetProperty("documentId").GetGuid() });
        Assert.False(string.IsNullOrEmpty(stored));
        Assert.True(File.Exists(Path.Combine(platform.StorageRoot, stored!)), $"{stored} is not below {platform.StorageRoot}");
        await platform.EnsureWorkerAsync();
        var task = await api.WaitForFinalAsync(upload.GetProperty("taskId").GetGuid(), TimeSpan.FromSeconds(90));
        Assert.Equal("succeeded", task.GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("0")]
    [InlineData("-5")]
    [InlineData("1.5")]
    public async Task Keys_create_with_a_bad_request_limit_says_why_exits_non_zero_and_creates_nothing(string value)
    {
        var tenant = $"tenant-bad-rpm-{Guid.NewGuid():N}"[..30];
        var outcome = await ApiCli.RunAsync(platform.Settings, "keys", "create", "--tenant", tenant, "--requests-per-minute", value);

        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains("--requests-per-minute must be a whole number", outcome.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", outcome.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("trk_", outcome.StandardOutput, StringComparison.Ordinal);
        await using var connection = new NpgsqlConnection(platform.ConnectionString);
        Assert.Equal(0, await connection.ExecuteScalarAsync<int>("select count(*) from api_keys where tenant_id = @tenant", new { tenant }));
    }

    [Fact]
    public async Task Keys_create_operator_prints_a_key_that_opens_the_dashboard()
    {
        var outcome = await ApiCli.RunAsync(platform.Settings, "keys", "create", "--operator", "--name", "config-test");
        Assert.Equal(0, outcome.ExitCode);
        Assert.Contains("(operator)", outcome.StandardError, StringComparison.Ordinal);
        var key = outcome.StandardOutput.Trim();
        Assert.StartsWith("trk_", key, StringComparison.Ordinal);

        using var client = platform.CreateBrowserClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await client.GetAsync("/hangfire")).StatusCode);
    }
}
