using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Bogus;
using Dapper;
using Hangfire;
using Hangfire.Storage;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using TaskRunner.IntegrationTests.Api;
using TaskRunner.IntegrationTests.Infrastructure;
using TaskRunner.Worker.Maintenance;

namespace TaskRunner.IntegrationTests.Search;

[Collection(PlatformCollection.Name)]
public sealed class VectorReconciliationTests(PlatformFixture platform)
{
    private readonly TaskRunnerApiClient api = platform.ApiClient;

    [Fact]
    public async Task Reconcile_re_embeds_chunks_without_vectors_and_deletes_vectors_without_chunks()
    {
        // A tenant of its own: reconcile walks every chunk of the tenant, and the shared one holds thousands by now.
        var tenant = $"reconcile-{Guid.NewGuid():N}"[..26];
        var own = new TaskRunnerApiClient(await platform.CreateClientAsync(tenant, admin: true));
        var faker = new Faker("en") { Random = new Randomizer(77) };
        var text = string.Join("\n\n", Enumerable.Range(0, 12).Select(_ => faker.Lorem.Paragraph(6))) + $"\n\nMarker {Guid.NewGuid()}.";
        var accepted = await own.UploadAcceptedAsync(Encoding.UTF8.GetBytes(text), "reconcile.txt");
        var documentId = accepted.GetProperty("documentId").GetGuid();
        Assert.Equal("succeeded", (await own.WaitForFinalAsync(accepted.GetProperty("taskId").GetGuid())).GetProperty("status").GetString());

        await using var connection = new NpgsqlConnection(platform.ConnectionString);
        var before = (await connection.QueryAsync<(Guid PointId, float[] Vector)>(
            "select point_id, vector from chunk_vectors where document_id = @documentId order by ordinal", new { documentId })).ToList();
        Assert.True(before.Count >= 3);
        var collection = await connection.ExecuteScalarAsync<string>("select collection from chunk_vectors where document_id = @documentId limit 1", new { documentId });
        var removed = before.Take(2).Select(v => v.PointId).ToArray();
        await connection.ExecuteAsync("delete from chunk_vectors where point_id = any(@removed)", new { removed });
        var orphanDocument = Guid.NewGuid();
        var orphan = Guid.NewGuid();
        await connection.ExecuteAsync("""
            insert into chunk_vectors (collection, point_id, tenant_id, document_id, ordinal, text_hash, vector)
            values (@collection, @orphan, @tenant, @orphanDocument, 0, 'gone', @vector)
            """, new { collection, orphan, tenant, orphanDocument, vector = before[0].Vector });

        using var response = await own.Http.PostAsync("/api/v1/admin/reconcile", null);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var submitted = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("vectors.reconcile", submitted.GetProperty("type").GetString());
        var task = await own.WaitForFinalAsync(submitted.GetProperty("taskId").GetGuid());

        Assert.True(task.GetProperty("status").GetString() == "succeeded", task.ToString());
        var result = task.GetProperty("result");
        Assert.Equal(collection, result.GetProperty("collection").GetString());
        Assert.True(result.GetProperty("missingVectors").GetInt32() >= 2);
        Assert.Equal(result.GetProperty("missingVectors").GetInt32() + result.GetProperty("staleVectors").GetInt32(), result.GetProperty("reembedded").GetInt32());
        Assert.True(result.GetProperty("orphanVectors").GetInt32() >= 1);
        Assert.Equal(result.GetProperty("orphanVectors").GetInt32(), result.GetProperty("deletedOrphans").GetInt32());

        Assert.Equal(0, await connection.ExecuteScalarAsync<long>("select count(*) from chunk_vectors where point_id = @orphan", new { orphan }));
        var after = (await connection.QueryAsync<(Guid PointId, float[] Vector)>(
            "select point_id, vector from chunk_vectors where document_id = @documentId order by ordinal", new { documentId })).ToList();
        Assert.Equal(before.Select(v => v.PointId), after.Select(v => v.PointId));
        Assert.All(before.Zip(after), pair => Assert.Equal(pair.First.Vector, pair.Second.Vector));
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>("""
            select count(*) from chunks c join documents d on d.id = c.document_id
             where d.status = 'ready' and not exists (select 1 from chunk_vectors v where v.point_id = c.id and v.collection = @collection)
            """, new { collection }));

        // Searching still works and sees the repaired vectors (the embedded store's cache follows deletes and inserts).
        using var search = await own.Http.PostAsJsonAsync("/api/v1/search", new { query = "Marker", documentIds = new[] { documentId }, topK = 50 });
        var hits = (await search.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("chunks");
        Assert.True(hits.GetArrayLength() > 0);
    }

    [Fact]
    public async Task The_worker_registers_a_daily_recurring_job_that_submits_one_reconcile_task_per_tenant()
    {
        await api.UploadAcceptedAsync(Encoding.UTF8.GetBytes($"Tenant lesson {Guid.NewGuid()}."), "tenant.txt");
        using (var storage = JobStorage.Current.GetConnection())
        {
            var job = Assert.Single(storage.GetRecurringJobs(), j => j.Id == ReconcileScheduler.RecurringJobId);
            Assert.Equal("0 3 * * *", job.Cron);
        }

        // Hangfire logs through one process-wide provider, set by the last Worker host built; disposing a second
        // in-process Worker would leave the first one logging into a disposed factory. So replace, do not add.
        await platform.StopInProcessWorkersAsync();
        try
        {
            var worker = await platform.StartWorkerAsync();
            var taskIds = (await worker.Services.GetRequiredService<ReconcileScheduler>().SubmitForAllTenantsAsync(CancellationToken.None)).ToArray();

            // One task per tenant that has documents (other tests of the run add tenants), and every one succeeds.
            await using var connection = new NpgsqlConnection(platform.ConnectionString);
            Assert.Equal(await connection.ExecuteScalarAsync<long>("select count(distinct tenant_id) from documents"), taskIds.Length);
            const string unfinished = "select count(*) from tasks where id = any(@taskIds) and status not in ('succeeded', 'failed', 'canceled')";
            var deadline = DateTime.UtcNow.AddSeconds(120);
            while (await connection.ExecuteScalarAsync<long>(unfinished, new { taskIds }) > 0)
            {
                Assert.True(DateTime.UtcNow < deadline, "reconcile tasks still running after the timeout");
                await Task.Delay(200);
            }

            Assert.Equal(taskIds.Length, await connection.ExecuteScalarAsync<long>(
                "select count(*) from tasks where id = any(@taskIds) and status = 'succeeded' and type = 'vectors.reconcile'", new { taskIds }));
        }
        finally
        {
            await platform.EnsureWorkerAsync();
        }
    }
}
