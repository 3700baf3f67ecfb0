using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Dapper;
using Npgsql;
using TaskRunner.IntegrationTests.Api;
using TaskRunner.IntegrationTests.Infrastructure;

namespace TaskRunner.IntegrationTests.Outbox;

/// <summary>A submit is one transaction (document, task, dispatch intent); the Worker's dispatch leader creates the job.</summary>
[Collection(PlatformCollection.Name)]
public sealed class OutboxSubmitTests(PlatformFixture platform)
{
    private readonly TaskRunnerApiClient api = platform.ApiClient;

    [Fact]
    public async Task A_task_accepted_by_an_Api_killed_right_after_202_runs_exactly_once_when_a_dispatcher_comes()
    {
        // No Worker runs, so nothing can dispatch between the commit and the kill.
        await platform.StopInProcessWorkersAsync();
        Guid taskId;
        try
        {
            await using (var apiProcess = await ApiProcess.StartAsync(platform.Settings))
            {
                using var client = new HttpClient { BaseAddress = apiProcess.BaseAddress };
                client.DefaultRequestHeaders.Authorization = platform.Client.DefaultRequestHeaders.Authorization;
                taskId = (await new TaskRunnerApiClient(client).SubmitNoopAsync(0, 1)).TaskId;
            }

            // The Api is gone (SIGKILL); its task waits in the outbox with no Hangfire job.
            var waiting = await ReadTaskAsync(taskId);
            Assert.Equal(("queued", (Guid?)null, (string?)null), (waiting.Status, waiting.DispatchId, waiting.HangfireJobId));
            Assert.Equal(0L, await JobCountAsync(taskId));
        }
        finally
        {
            await platform.EnsureWorkerAsync();
        }

        var task = await api.WaitForFinalAsync(taskId, TimeSpan.FromSeconds(60));
        Assert.Equal("succeeded", task.GetProperty("status").GetString());
        var row = await ReadTaskAsync(taskId);
        Assert.Equal(1, row.Runs);
        Assert.Equal(1L, await JobCountAsync(taskId));
    }

    [Fact]
    public async Task Twenty_identical_uploads_at_once_make_one_document()
    {
        var content = Encoding.UTF8.GetBytes($"Concurrent upload {Guid.NewGuid()}.\n\nThe same bytes arrive twenty times at once.");
        using var start = new SemaphoreSlim(0);
        var uploads = Enumerable.Range(0, 20).Select(async _ =>
        {
            await start.WaitAsync();
            using var response = await api.UploadAsync(content, "same.txt");
            return (response.StatusCode, Body: JsonSerializer.Deserialize<JsonElement>(await response.Content.ReadAsStringAsync()));
        }).ToList();
        start.Release(20);
        var answers = await Task.WhenAll(uploads);

        Assert.All(answers, a => Assert.True(a.StatusCode is HttpStatusCode.Accepted or HttpStatusCode.OK, $"{(int)a.StatusCode}: {a.Body}"));
        Assert.Single(answers, a => a.StatusCode == HttpStatusCode.Accepted);
        var documentIds = answers.Select(a => a.Body.GetProperty("documentId").GetGuid()).Distinct().ToList();
        Assert.Single(documentIds);

        await using var connection = new NpgsqlConnection(platform.ConnectionString);
        var sha = await connection.ExecuteScalarAsync<string>("select sha256 from documents where id = @id", new { id = documentIds[0] });
        Assert.Equal(1L, await connection.ExecuteScalarAsync<long>("select count(*) from documents where sha256 = @sha", new { sha }));
        Assert.Equal(1L, await connection.ExecuteScalarAsync<long>("select count(*) from tasks where document_id = @id", new { id = documentIds[0] }));
    }

    [Fact]
    public async Task Reindex_while_the_documents_ingestion_is_active_answers_409_document_busy()
    {
        var content = Encoding.UTF8.GetBytes($"Reindex me {Guid.NewGuid()}.\n\nA short lesson about busy documents.");
        await platform.StopInProcessWorkersAsync();
        JsonElement first;
        try
        {
            first = await api.UploadAcceptedAsync(content, "busy.txt");
            using var busy = await api.UploadAsync(content, "busy.txt", query: "?reindex=true");
            var problem = await busy.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(HttpStatusCode.Conflict, busy.StatusCode);
            Assert.Equal("document_busy", problem.GetProperty("code").GetString());
        }
        finally
        {
            await platform.EnsureWorkerAsync();
        }

        Assert.Equal("succeeded", (await api.WaitForFinalAsync(first.GetProperty("taskId").GetGuid())).GetProperty("status").GetString());
        using var again = await api.UploadAsync(content, "busy.txt", query: "?reindex=true");
        var accepted = await again.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        Assert.Equal(first.GetProperty("documentId").GetGuid(), accepted.GetProperty("documentId").GetGuid());
        Assert.Equal("succeeded", (await api.WaitForFinalAsync(accepted.GetProperty("taskId").GetGuid())).GetProperty("status").GetString());
    }

    private async Task<TaskRow> ReadTaskAsync(Guid id)
    {
        await using var connection = new NpgsqlConnection(platform.ConnectionString);
        return await connection.QuerySingleAsync<TaskRow>(
            "select status, dispatch_id as DispatchId, hangfire_job_id as HangfireJobId, runs from tasks where id = @id", new { id });
    }

    private async Task<long> JobCountAsync(Guid taskId)
    {
        await using var connection = new NpgsqlConnection(platform.ConnectionString);
        return await connection.ExecuteScalarAsync<long>(
            "select count(*) from hangfire.job where arguments::text like @pattern", new { pattern = $"%{taskId}%" });
    }

    private sealed record TaskRow(string Status, Guid? DispatchId, string? HangfireJobId, int Runs);
}
