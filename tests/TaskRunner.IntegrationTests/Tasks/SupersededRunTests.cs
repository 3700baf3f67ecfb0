using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using TaskRunner.Ingestion.Documents;
using TaskRunner.IntegrationTests.Infrastructure;
using TaskRunner.Tasks;
using TaskRunner.Tasks.Diagnostics;
using TaskRunner.Tasks.Fencing;
using TaskRunner.Tasks.Pipelines;
using TaskRunner.Worker.Hosting;

namespace TaskRunner.IntegrationTests.Tasks;

/// <summary>
/// A run presumed dead (its worker stopped beating, so its task went to another run) may still be inside a step. When
/// its next write is refused by the fence, it must stop there: not mark the step's rows failed, not fail its job.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class SupersededRunTests(PlatformFixture platform)
{
    private static readonly TaskDefinition<NoopTaskInput> Definition =
        TaskDefinition.For<NoopTaskInput>("test.document_writer").Then<DocumentWritingStep>(TaskQueues.Default);

    [Fact]
    public async Task A_run_whose_write_is_refused_after_it_was_replaced_leaves_the_document_to_the_new_run_and_its_job_is_not_failed()
    {
        await platform.StopInProcessWorkersAsync();
        var runs = new HeldFirstRun();
        var worker = WorkerApp.Build(["--queues", "default", "--workers", "2"], builder =>
        {
            builder.Services.AddSingleton<TaskDefinition>(Definition);
            builder.Services.AddSingleton(runs);
        });
        await worker.StartAsync();
        try
        {
            var documentId = await InsertDocumentAsync();
            var services = worker.Services;
            var task = await services.GetRequiredService<TaskSubmitter>().SubmitAsync(
                Definition, PlatformFixture.DefaultTenant, new NoopTaskInput(0, 1), CancellationToken.None, documentId);
            await runs.FirstRunStarted.WaitAsync(TimeSpan.FromSeconds(30));
            var store = services.GetRequiredService<TaskStore>();
            var firstJob = (await store.GetAsync(PlatformFixture.DefaultTenant, task.Id, CancellationToken.None))!.HangfireJobId!;

            // What the reaper does when a run's worker stops beating: the task is queued again and dispatched to a new run.
            Assert.NotNull(await services.GetRequiredService<TaskTracker>().RequeueAsync(task.Id, 1, new TaskRequeue("presumed dead (test)"), CancellationToken.None));
            await services.GetRequiredService<TaskDispatcher>().DispatchAsync(task.Id, CancellationToken.None);
            var final = await WaitForFinalAsync(store, task.Id);
            Assert.Equal(TaskRunStatus.Succeeded, final.RunStatus);
            Assert.Equal(2, final.Runs);
            Assert.Equal(DocumentStatuses.Ready, await DocumentStatusAsync(documentId));

            // Run 1 wakes up and writes: refused. It ends as superseded, reporting no failure on the document.
            runs.ReleaseFirstRun();
            Assert.IsType<StaleRunException>(await runs.FirstRunWrite.WaitAsync(TimeSpan.FromSeconds(30)));
            var firstJobState = await HangfireJobHistory.StateEventuallyAsync(platform.ConnectionString, firstJob, "Deleted", TimeSpan.FromSeconds(10));
            Assert.True(firstJobState == "Deleted", $"Run 1's job {firstJob} ended {firstJobState}; a superseded run's job ends Deleted, never Failed.");
            Assert.Equal(0, runs.FailuresReported);
            Assert.Equal(DocumentStatuses.Ready, await DocumentStatusAsync(documentId));
        }
        finally
        {
            await worker.StopAsync();
            await worker.DisposeAsync();
            HangfireGlobals.DetachLogging();
            await platform.EnsureWorkerAsync();
        }
    }

    private static async Task<TaskRecord> WaitForFinalAsync(TaskStore store, Guid taskId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var task = (await store.GetAsync(PlatformFixture.DefaultTenant, taskId, CancellationToken.None))!;
            if (task.RunStatus.IsFinal() || DateTime.UtcNow > deadline)
            {
                return task;
            }

            await Task.Delay(50);
        }
    }

    private async Task<Guid> InsertDocumentAsync()
    {
        var documentId = Guid.NewGuid();
        await using var connection = new NpgsqlConnection(platform.ConnectionString);
        await connection.ExecuteAsync("""
            insert into documents (id, tenant_id, title, file_name, kind, size_bytes, sha256, storage_path, status)
            values (@documentId, @tenant, 'Superseded', 'superseded.txt', 'text', 1, @sha, 'x', 'indexing')
            """, new { documentId, tenant = PlatformFixture.DefaultTenant, sha = Guid.NewGuid().ToString("N") });
        return documentId;
    }

    private async Task<string?> DocumentStatusAsync(Guid documentId)
    {
        await using var connection = new NpgsqlConnection(platform.ConnectionString);
        return await connection.ExecuteScalarAsync<string>("select status from documents where id = @documentId", new { documentId });
    }

    /// <summary>Holds the task's first run inside its step until the test lets it write; counts failure reports.</summary>
    public sealed class HeldFirstRun
    {
        private readonly TaskCompletionSource started = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource release = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource<Exception?> firstRunWrite = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int failuresReported;

        public Task FirstRunStarted => started.Task;

        /// <summary>What run 1's write threw (null if it was written).</summary>
        public Task<Exception?> FirstRunWrite => firstRunWrite.Task;

        public int FailuresReported => Volatile.Read(ref failuresReported);

        public void ReleaseFirstRun() => release.TrySetResult();

        public async Task HoldAsync()
        {
            started.TrySetResult();

            // Deaf to the run's token, like a run stalled inside a call: it learns it was replaced only when it writes.
            await release.Task;
        }

        public void FirstRunWrote(Exception? error) => firstRunWrite.TrySetResult(error);

        public void FailureReported() => Interlocked.Increment(ref failuresReported);
    }

    /// <summary>A step that moves its document to ready, holding the run's fence as every step's write does.</summary>
    public sealed class DocumentWritingStep(DocumentStore documents, HeldFirstRun runs) : IPipelineStep<NoopTaskInput>
    {
        public async Task RunAsync(TaskRunContext<NoopTaskInput> context, CancellationToken ct)
        {
            var documentId = context.RequireDocumentId();
            if (context.Task.Runs > 1)
            {
                await documents.SetStatusAsync(documentId, DocumentStatuses.Ready, null, null, ct, context.Fence);
                return;
            }

            await runs.HoldAsync();
            try
            {
                // A write already in flight when the run was replaced: it does not see the run's canceled token.
                await documents.SetStatusAsync(documentId, DocumentStatuses.Indexing, null, null, CancellationToken.None, context.Fence);
                runs.FirstRunWrote(null);
            }
            catch (Exception ex)
            {
                runs.FirstRunWrote(ex);
                throw;
            }
        }

        public async Task OnFailedAsync(TaskRecord task, TaskError error, TaskFence fence, CancellationToken ct)
        {
            runs.FailureReported();
            await documents.SetFailedAsync(task.DocumentId!.Value, error.Code, error.Message, null, null, ct, fence);
        }
    }
}
