using Microsoft.Extensions.DependencyInjection;
using TaskRunner.IntegrationTests.Infrastructure;
using TaskRunner.Tasks;
using TaskRunner.Tasks.Diagnostics;
using TaskRunner.Tasks.Pipelines;
using TaskRunner.Worker.Hosting;

namespace TaskRunner.IntegrationTests.Tasks;

[Collection(PlatformCollection.Name)]
public sealed class WorkerStartupTests(PlatformFixture platform)
{
    [Fact]
    public async Task A_worker_that_cannot_create_a_declared_step_refuses_to_start_and_names_it()
    {
        Assert.NotNull(platform.ConnectionString);
        var broken = TaskDefinition.For<NoopTaskInput>("test.broken").Then<StepNeedingAClock>(TaskQueues.Default);
        var worker = WorkerApp.Build(["--environment", "Production", "--queues", "default", "--workers", "1"],
            builder => builder.Services.AddSingleton<TaskDefinition>(broken));
        InvalidOperationException error;
        try
        {
            error = await Assert.ThrowsAsync<InvalidOperationException>(() => worker.StartAsync());
        }
        finally
        {
            await worker.DisposeAsync();

            // The refused host configured Hangfire's static log provider; the fixture's own Worker must not log through it.
            HangfireGlobals.DetachLogging();
        }

        Assert.Contains("test.broken", error.Message, StringComparison.Ordinal);
        Assert.Contains("step_needing_a_clock", error.Message, StringComparison.Ordinal);
    }

    public interface IClock;

    public sealed class StepNeedingAClock(IClock clock) : IPipelineStep<NoopTaskInput>
    {
        public Task RunAsync(TaskRunContext<NoopTaskInput> context, CancellationToken ct) => Task.FromResult(clock);
    }
}
