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
    public void Llm_steps_wait_while_the_noop_parsing_and_embedding_run_on_hangfire_threads()
    {
        var catalog = new TaskCatalog(new[] { typeof(DiagnosticsTasks), typeof(DocumentTasks), typeof(ExerciseTasks) }
            .SelectMany(t => TaskCatalog.DeclaredIn(t.Assembly)));
        var waiting = catalog.All.SelectMany(d => d.Steps).Where(s => s.Waits).Select(s => s.Name).Distinct().Order(StringComparer.Ordinal);

        Assert.Equal(["analyze", "complete_prompt", "generate", "grade", "run_batch"], waiting);
        Assert.All(DocumentTasks.Ingest.Steps, step => Assert.False(step.Waits, $"{step.Name} is CPU work and must keep its Hangfire thread."));
    }
}
