using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using TaskRunner.IntegrationTests.Api;
using TaskRunner.IntegrationTests.Infrastructure;
using TaskRunner.Testing.Corpus;

namespace TaskRunner.IntegrationTests.Faults;

/// <summary>
/// Redis and Postgres taken away from an Api and a Worker by cutting their connections at TCP proxies, and brought back.
/// The shared servers keep running, so other tests are not disturbed; the cut is what the processes see of a restart.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class OutageTests(PlatformFixture platform) : IAsyncLifetime
{
    private const string RedisDuringTask = "redis connections cut (TCP proxy) during a no-op task";
    private const string RedisDuringIngestion = "redis connections cut (TCP proxy) during document ingestions";
    private const string PostgresDuringWork = "postgres connections cut (TCP proxy) during an ingestion and a no-op task";

    private ProxiedPlatform proxied = null!;

    public async Task InitializeAsync()
    {
        // Only the proxied worker may run tasks here, so the outages really hit the worker doing the work.
        await platform.StopInProcessWorkersAsync();
        proxied = await ProxiedPlatform.StartAsync(platform);
    }

    public async Task DisposeAsync()
    {
        await proxied.DisposeAsync();
        await platform.EnsureWorkerAsync();
    }

    [Fact]
    public async Task While_redis_is_down_tasks_complete_and_sse_falls_back_to_polling_then_events_resume()
    {
        var api = proxied.ApiClient;
        proxied.Redis.GoDown();
        FaultReport.FaultInjected(RedisDuringTask);
        var taskId = (await api.SubmitNoopAsync(1500, 5)).TaskId;
        var during = await ReadAllAsync(api, taskId);
        var finalDuring = (await api.WaitForFinalAsync(taskId)).GetProperty("status").GetString();
        // A no-op writes nothing that could be there twice; what can be duplicated is its final event.
        FaultReport.TasksChecked(RedisDuringTask, tasks: 1, lost: finalDuring == "succeeded" ? 0 : 1, duplicated: Math.Max(0, during.Count(e => e.Status == "succeeded") - 1));
        Assert.Equal("succeeded", during[^1].Status);
        Assert.Equal("succeeded", finalDuring);

        proxied.Redis.ComeBack();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        List<SseEvent> after;
        do
        {
            var next = (await api.SubmitNoopAsync(1500, 15)).TaskId;
            after = await ReadAllAsync(api, next);
            Assert.Equal("succeeded", after[^1].Status);
        }
        while (!after.Any(e => e.Event == "progress") && DateTime.UtcNow < deadline);

        Assert.Contains(after, e => e.Event == "progress");
        FaultReport.FaultSurvived(RedisDuringTask);
    }

    [Fact]
    public async Task Documents_ingested_while_redis_is_cut_and_back_all_end_ready_with_each_chunk_once()
    {
        var api = proxied.ApiClient;
        using var dir = new CorpusDirectory();
        var uploads = new List<(Guid TaskId, Guid DocumentId)>();
        foreach (var (pages, n) in new[] { 60, 150, 300, 450 }.Select((pages, n) => (pages, n)))
        {
            uploads.Add(await UploadPdfAsync(api, dir, pages, $"redis-cut-{n}"));
        }

        // Cut once an ingestion runs, and hold the cut until one has finished without Redis; then bring Redis back
        // while the longer ones are still going.
        await WaitUntilAnyAsync(api, uploads, status => status == "running");
        proxied.Redis.GoDown();
        FaultReport.FaultInjected(RedisDuringIngestion);
        await WaitUntilAnyAsync(api, uploads, status => status is "succeeded" or "failed" or "canceled");
        var unfinishedAtReturn = 0;
        foreach (var (taskId, _) in uploads)
        {
            unfinishedAtReturn += (await api.GetTaskAsync(taskId)).GetProperty("status").GetString() is "queued" or "running" ? 1 : 0;
        }

        proxied.Redis.ComeBack();
        var outcomes = new List<IngestionOutcome>();
        foreach (var (taskId, documentId) in uploads)
        {
            outcomes.Add(await IngestionOutcome.ReadAsync(platform.ConnectionString, await api.WaitForFinalAsync(taskId, TimeSpan.FromSeconds(180)), documentId));
        }

        FaultReport.TasksChecked(RedisDuringIngestion, outcomes.Count, outcomes.Count(o => o.Lost), outcomes.Sum(o => o.Duplicated));
        Assert.True(unfinishedAtReturn > 0, "Every ingestion had finished before Redis came back; the test needs longer documents.");
        AssertReadyWithEachChunkOnce(outcomes);
        FaultReport.FaultSurvived(RedisDuringIngestion);
    }

    [Fact]
    public async Task While_postgres_connections_are_cut_the_api_answers_503_and_the_work_finishes_when_they_return()
    {
        var api = proxied.ApiClient;
        using var dir = new CorpusDirectory();
        var ingestion = await UploadPdfAsync(api, dir, 300, "postgres-cut");
        var taskId = (await api.SubmitNoopAsync(3000, 10)).TaskId;
        await api.WaitUntilAsync(taskId, t => t.GetProperty("status").GetString() == "running", TimeSpan.FromSeconds(30));
        var ingestionAtCut = (await api.WaitUntilAsync(ingestion.TaskId, t => t.GetProperty("status").GetString() is not "queued", TimeSpan.FromSeconds(60)))
            .GetProperty("status").GetString();

        proxied.Postgres.GoDown();
        FaultReport.FaultInjected(PostgresDuringWork);
        using (var response = await proxied.Client.GetAsync($"/api/v1/tasks/{taskId}"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero);
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal("database_unavailable", problem.GetProperty("code").GetString());
        }

        var filesBefore = Directory.GetFiles(platform.StorageRoot, "*", SearchOption.AllDirectories).Length;
        using (var upload = await api.UploadAsync("no upload is acknowledged without its row"u8.ToArray(), "lost.txt"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, upload.StatusCode);
        }

        Assert.Equal(filesBefore, Directory.GetFiles(platform.StorageRoot, "*", SearchOption.AllDirectories).Length);

        await Task.Delay(TimeSpan.FromSeconds(2));
        proxied.Postgres.ComeBack();
        var task = await api.WaitForFinalAsync(taskId, TimeSpan.FromSeconds(90));
        var ingested = await IngestionOutcome.ReadAsync(platform.ConnectionString, await api.WaitForFinalAsync(ingestion.TaskId, TimeSpan.FromSeconds(180)), ingestion.DocumentId);
        FaultReport.TasksChecked(PostgresDuringWork, tasks: 2, lost: (task.GetProperty("status").GetString() == "succeeded" ? 0 : 1) + (ingested.Lost ? 1 : 0), duplicated: ingested.Duplicated);

        Assert.Equal("succeeded", task.GetProperty("status").GetString());
        Assert.True(ingestionAtCut == "running", $"The ingestion was {ingestionAtCut} before the cut; the test needs a longer document.");
        AssertReadyWithEachChunkOnce([ingested]);
        FaultReport.FaultSurvived(PostgresDuringWork);
    }

    private static async Task<(Guid TaskId, Guid DocumentId)> UploadPdfAsync(TaskRunnerApiClient api, CorpusDirectory dir, int pages, string name)
    {
        // Each document's own text (the seed differs), so none is taken for another's duplicate upload.
        var seed = Random.Shared.Next(1_000_000);
        var content = Enumerable.Range(0, pages).Select(p => (IReadOnlyList<string>)[$"{name} page {p + 1}. {CorpusText.EnglishParagraph(seed + p, 8)}"]).ToList();
        var pdf = await File.ReadAllBytesAsync(TestCorpus.WritePdf(dir.Path, content, name + ".pdf"));
        var accepted = await api.UploadAcceptedAsync(pdf, name + ".pdf");
        return (accepted.GetProperty("taskId").GetGuid(), accepted.GetProperty("documentId").GetGuid());
    }

    private static async Task WaitUntilAnyAsync(TaskRunnerApiClient api, List<(Guid TaskId, Guid DocumentId)> uploads, Func<string?, bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (true)
        {
            foreach (var (taskId, _) in uploads)
            {
                if (condition((await api.GetTaskAsync(taskId)).GetProperty("status").GetString()))
                {
                    return;
                }
            }

            Assert.True(DateTime.UtcNow < deadline, "No ingestion reached the expected state in time.");
            await Task.Delay(100);
        }
    }

    private static void AssertReadyWithEachChunkOnce(IReadOnlyList<IngestionOutcome> outcomes)
    {
        // Every outcome in the message, so a failure in CI says which ingestions went wrong and how.
        Assert.False(outcomes.Any(o => o.Lost), string.Join("; ", outcomes.Select(o => o.Describe())));
        foreach (var outcome in outcomes)
        {
            Assert.Equal("succeeded", outcome.TaskStatus);
            Assert.Equal("ready", outcome.DocumentStatus);
            Assert.True(outcome.ExpectedChunks > 0, $"Document {outcome.DocumentId} has no chunks.");
            Assert.Equal(Enumerable.Range(0, outcome.ExpectedChunks), outcome.Ordinals.Order());
            Assert.Equal(Enumerable.Range(0, outcome.ExpectedChunks), outcome.VectorOrdinals.Order());
        }
    }

    private static async Task<List<SseEvent>> ReadAllAsync(TaskRunnerApiClient api, Guid taskId)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var events = new List<SseEvent>();
        await foreach (var e in api.ReadEventsAsync(taskId).WithCancellation(timeout.Token))
        {
            events.Add(e);
        }

        return events;
    }
}
