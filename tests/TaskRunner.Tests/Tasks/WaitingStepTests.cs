using Microsoft.Extensions.DependencyInjection;
using TaskRunner.Generation.Exercises;
using TaskRunner.Retrieval.Indexing;
using TaskRunner.Tasks;
using TaskRunner.Tasks.Diagnostics;
using TaskRunner.Tasks.Pipelines;

namespace TaskRunner.Tests.Tasks;

/// <summary>Which steps go to the async executor: those that wait on the network, never the CPU-bound ones.</summary>
public sealed class WaitingStepTests
{
    [Fact]
    public void Llm_steps_and_the_noop_wait_while_parsing_and_embedding_run_on_hangfire_threads()
    {
        var catalog = new TaskCatalog(new[] { typeof(DiagnosticsTasks), typeof(DocumentTasks), typeof(ExerciseTasks) }
            .SelectMany(t => TaskCatalog.DeclaredIn(t.Assembly)));
        var waiting = catalog.All.SelectMany(d => d.Steps).Where(s => s.Waits).Select(s => s.Name).Distinct().Order(StringComparer.Ordinal);

        Assert.Equal(["analyze", "complete_prompt", "generate", "grade", "run_batch", "wait"], waiting);
        Assert.All(DocumentTasks.Ingest.Steps, step => Assert.False(step.Waits, $"{step.Name} is CPU work and must keep its Hangfire thread."));
    }

    [Theory]
    [InlineData(1000, true)]
    [InlineData(0, false)]
    public void A_noop_waits_on_the_executor_only_when_it_has_a_duration(int durationMs, bool waits)
    {
        var services = new ServiceCollection().AddTransient<WaitStep>().BuildServiceProvider();
        var task = new TaskRecord { Id = Guid.NewGuid(), TenantId = "t", Type = DiagnosticsTasks.Noop.Name, Status = "queued", Queue = TaskQueues.Default, Input = $$"""{"durationMs":{{durationMs}},"steps":1}""" };

        Assert.Equal(waits, DiagnosticsTasks.Noop.StepWaits(services, 0, task));
    }

    [Fact]
    public void A_noop_whose_input_cannot_be_read_stays_on_its_thread_where_it_fails_with_invalid_input()
    {
        var services = new ServiceCollection().AddTransient<WaitStep>().BuildServiceProvider();
        var task = new TaskRecord { Id = Guid.NewGuid(), TenantId = "t", Type = DiagnosticsTasks.Noop.Name, Status = "queued", Queue = TaskQueues.Default, Input = "{\"durationMs\":\"soon\"}" };

        Assert.False(DiagnosticsTasks.Noop.StepWaits(services, 0, task));
    }
}
