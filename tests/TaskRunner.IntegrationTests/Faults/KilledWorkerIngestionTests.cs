using Dapper;
using Npgsql;
using TaskRunner.IntegrationTests.Api;
using TaskRunner.IntegrationTests.Infrastructure;
using TaskRunner.Testing.Corpus;

namespace TaskRunner.IntegrationTests.Faults;

[Collection(PlatformCollection.Name)]
public sealed class KilledWorkerIngestionTests(PlatformFixture platform)
{
    private const int Pages = 1200;
    private const string Fault = "worker killed (SIGKILL) mid-ingestion";

    private readonly TaskRunnerApiClient api = platform.ApiClient;

    [Fact]
    public async Task Killing_the_worker_mid_ingestion_loses_nothing_and_duplicates_nothing()
    {
        using var dir = new CorpusDirectory();
        var pages = Enumerable.Range(0, Pages).Select(p => (IReadOnlyList<string>)[$"Page {p + 1}. {CorpusText.EnglishParagraph(p, 8)}"]).ToList();
        var pdf = await File.ReadAllBytesAsync(TestCorpus.WritePdf(dir.Path, pages, "long-course.pdf"));

        await platform.StopInProcessWorkersAsync();
        using var doomed = platform.StartWorkerProcess("ingest,embed");
        Guid taskId;
        Guid documentId;
        try
        {
            var accepted = await api.UploadAcceptedAsync(pdf, "long-course.pdf");
            taskId = accepted.GetProperty("taskId").GetGuid();
            documentId = accepted.GetProperty("documentId").GetGuid();
            await api.WaitUntilAsync(taskId, t => t.GetProperty("status").GetString() == "running", TimeSpan.FromSeconds(90));
            await doomed.KillAsync();
            FaultReport.FaultInjected(Fault);
        }
        finally
        {
            await platform.EnsureWorkerAsync();
        }

        var task = await api.WaitForFinalAsync(taskId, TimeSpan.FromSeconds(120));
        await using var connection = new NpgsqlConnection(platform.ConnectionString);
        var ordinals = (await connection.QueryAsync<int>("select ordinal from chunks where document_id = @documentId", new { documentId })).ToList();
        var vectors = await connection.ExecuteScalarAsync<int>("select count(*) from chunk_vectors where document_id = @documentId", new { documentId });
        var succeeded = task.GetProperty("status").GetString() == "succeeded";
        var chunkCount = succeeded ? task.GetProperty("result").GetProperty("chunkCount").GetInt32() : ordinals.Distinct().Count();
        FaultReport.TasksChecked(Fault, tasks: 1, lost: succeeded ? 0 : 1, duplicated: ordinals.Count - ordinals.Distinct().Count() + Math.Max(0, vectors - chunkCount));

        Assert.Equal("succeeded", task.GetProperty("status").GetString());
        Assert.Equal(Pages, task.GetProperty("result").GetProperty("pageCount").GetInt32());
        var runs = await connection.ExecuteScalarAsync<int>("select runs from tasks where id = @taskId", new { taskId });
        Assert.True(runs >= 2, "the task must have been run again after the kill");
        Assert.Equal(Enumerable.Range(0, chunkCount), ordinals.Order());
        Assert.Equal(chunkCount, vectors);
        var pagesCovered = await connection.ExecuteScalarAsync<int>("select count(distinct page) from chunks where document_id = @documentId", new { documentId });
        Assert.Equal(Pages, pagesCovered);
        FaultReport.FaultSurvived(Fault);
    }
}
