using System.Net;
using TaskRunner.IntegrationTests.Api;
using TaskRunner.IntegrationTests.Infrastructure;

namespace TaskRunner.IntegrationTests.Observability;

/// <summary>/metrics on the Api (operator keys) and on a Worker (its own port), with figures that move when work is done.</summary>
[Collection(PlatformCollection.Name)]
public sealed class MetricsTests(PlatformFixture platform)
{
    private readonly TaskRunnerApiClient api = platform.ApiClient;

    [Fact]
    public async Task Api_metrics_count_succeeded_noop_tasks_and_need_an_operator_key()
    {
        var before = await PrometheusScrape.ReadAsync(platform.Client);
        var succeededBefore = before.Sum("taskrunner_tasks_total", ("type", "diagnostics.noop"), ("status", "succeeded"));

        var accepted = await api.SubmitNoopAsync(50, 2);
        Assert.Equal("succeeded", (await api.WaitForFinalAsync(accepted.TaskId)).GetProperty("status").GetString());

        var after = await PrometheusScrape.ReadAsync(platform.Client);
        Assert.True(after.Sum("taskrunner_tasks_total", ("type", "diagnostics.noop"), ("status", "succeeded")) >= succeededBefore + 1, after.Text);
        Assert.True(after.Sum("taskrunner_tasks_total", ("type", "diagnostics.noop"), ("status", "queued")) >= 1, after.Text);
        Assert.Contains("taskrunner_queue_depth{", after.Text, StringComparison.Ordinal);
        Assert.Contains("queue=\"default\"", after.Text, StringComparison.Ordinal);

        using var anonymous = platform.CreateAnonymousClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/metrics")).StatusCode);
        using var tenant = await platform.CreateClientAsync("metrics-tenant", admin: true);
        Assert.Equal(HttpStatusCode.Forbidden, (await tenant.GetAsync("/metrics")).StatusCode);
    }

    [Fact]
    public async Task Worker_metrics_show_task_and_step_figures_without_a_key()
    {
        var worker = await platform.StartWorkerAsync("default", 1);
        try
        {
            using var scraper = new HttpClient { BaseAddress = new Uri(worker.Urls.First()) };
            var before = await PrometheusScrape.ReadAsync(scraper);
            var stepsBefore = before.Sum("taskrunner_step_duration_seconds_count", ("type", "diagnostics.noop"), ("outcome", "ok"));

            var accepted = await api.SubmitNoopAsync(50, 2);
            Assert.Equal("succeeded", (await api.WaitForFinalAsync(accepted.TaskId)).GetProperty("status").GetString());

            var after = await PrometheusScrape.ReadAsync(scraper);
            Assert.True(after.Sum("taskrunner_step_duration_seconds_count", ("type", "diagnostics.noop"), ("outcome", "ok")) >= stepsBefore + 1, after.Text);
            Assert.True(after.Sum("taskrunner_task_duration_seconds_count", ("type", "diagnostics.noop"), ("status", "succeeded")) >= 1, after.Text);
            Assert.True(after.Sum("taskrunner_task_pickup_latency_seconds_count", ("type", "diagnostics.noop")) >= 1, after.Text);
            Assert.DoesNotContain(accepted.TaskId.ToString(), after.Text, StringComparison.OrdinalIgnoreCase);
        }
        finally
        {
            await platform.StopWorkerAsync(worker);
        }
    }

    [Fact]
    public async Task The_dispatch_leaders_worker_counts_its_batches_and_the_tasks_they_dispatched()
    {
        // The only Worker left leads the dispatcher once it takes the lock.
        await platform.StopInProcessWorkersAsync();
        try
        {
            var worker = await platform.StartWorkerAsync("default", 1);
            using var scraper = new HttpClient { BaseAddress = new Uri(worker.Urls.First()) };
            var accepted = await api.SubmitNoopAsync(0, 1);
            Assert.Equal("succeeded", (await api.WaitForFinalAsync(accepted.TaskId)).GetProperty("status").GetString());

            var scrape = await PrometheusScrape.ReadAsync(scraper);
            Assert.True(scrape.Sum("taskrunner_dispatch_tasks_total") >= 1, scrape.Text);
            Assert.True(scrape.Sum("taskrunner_dispatch_batch_duration_seconds_count") >= 1, scrape.Text);
            Assert.True(scrape.Sum("taskrunner_dispatch_batch_duration_seconds_sum") > 0, scrape.Text);
        }
        finally
        {
            await platform.StopInProcessWorkersAsync();
            await platform.EnsureWorkerAsync();
        }
    }
}
