using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using TaskRunner.Generation.Exercises;
using TaskRunner.Retrieval.Indexing;
using TaskRunner.Tasks;
using TaskRunner.Tasks.Diagnostics;
using TaskRunner.Tasks.Pipelines;

namespace TaskRunner.Tests.Tasks;

public sealed class TaskDefinitionTests
{
    [Fact]
    public void A_declaration_names_its_steps_after_their_classes_and_starts_on_the_first_steps_queue()
    {
        Assert.Equal(["extract", "build_graph", "embed"], DocumentTasks.Ingest.Steps.Select(s => s.Name));
        Assert.Equal([TaskQueues.Ingest, TaskQueues.Ingest, TaskQueues.Embed], DocumentTasks.Ingest.Steps.Select(s => s.Queue));
        Assert.Equal(TaskQueues.Ingest, DocumentTasks.Ingest.FirstQueue);
        Assert.Equal("reconcile_vectors", DocumentTasks.ReconcileVectors.Steps[0].Name);
        Assert.Equal(typeof(ExerciseGenerationInput), ExerciseTasks.Generate.InputType);
    }

    [Fact]
    public void A_step_on_an_unknown_queue_is_refused_when_declared()
    {
        var error = Assert.Throws<ArgumentException>(() => TaskDefinition.For<NoopTaskInput>("test.bad_queue").Then<WaitStep>("gpu"));
        Assert.Contains("gpu", error.Message, StringComparison.Ordinal);
        Assert.Contains(nameof(WaitStep), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Each_domain_assembly_declares_its_task_types_once()
    {
        var catalog = new TaskCatalog(new[] { typeof(DiagnosticsTasks), typeof(DocumentTasks), typeof(ExerciseTasks) }
            .SelectMany(t => TaskCatalog.DeclaredIn(t.Assembly)));
        Assert.Equal(
            ["diagnostics.noop", "document.delete", "document.ingest", "exercise.generate", "exercise.grade", "llm.batch", "llm.prompt", "material.analyze", "vectors.reconcile"],
            catalog.All.Select(d => d.Name).Order(StringComparer.Ordinal));
        Assert.True(catalog.TryGet("document.ingest", out var ingest));
        Assert.Same(DocumentTasks.Ingest, ingest);
    }

    [Fact]
    public void Two_declarations_of_one_name_are_refused()
    {
        var copy = TaskDefinition.For<NoopTaskInput>(DiagnosticsTasks.Noop.Name).Then<WaitStep>(TaskQueues.Default);
        var error = Assert.Throws<InvalidOperationException>(() => new TaskCatalog([DiagnosticsTasks.Noop, copy]));
        Assert.Contains("diagnostics.noop", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Stored_input_that_is_not_the_declared_record_fails_the_task_with_invalid_input()
    {
        var task = new TaskRecord { Id = Guid.NewGuid(), Type = DiagnosticsTasks.Noop.Name, Input = "{\"durationMs\": \"soon\"}" };
        var error = Assert.Throws<PermanentTaskException>(() => DiagnosticsTasks.Noop.CreateContext(task, null!, NullLogger.Instance));
        Assert.Equal(TaskErrorCodes.InvalidInput, error.Code);
    }

    [Fact]
    public void Typed_input_reaches_the_step_as_the_declared_record()
    {
        var task = new TaskRecord { Id = Guid.NewGuid(), Type = DiagnosticsTasks.Noop.Name, Input = "{\"durationMs\": 5, \"steps\": 2}" };
        var context = Assert.IsType<TaskRunContext<NoopTaskInput>>(DiagnosticsTasks.Noop.CreateContext(task, null!, NullLogger.Instance));
        Assert.Equal(new NoopTaskInput(5, 2), context.Input);
    }

    [Fact]
    public void A_step_that_cannot_be_created_is_named_with_its_task_type()
    {
        var broken = TaskDefinition.For<NoopTaskInput>("test.broken").Then<StepWithMissingDependency>(TaskQueues.Default);
        var services = new ServiceCollection();
        services.AddSingleton<TaskDefinition>(broken);
        services.AddSingleton<TaskCatalog>();
        services.AddPipelineSteps();
        using var provider = services.BuildServiceProvider();
        var error = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<TaskCatalog>().EnsureStepsResolve(provider));
        Assert.Contains("test.broken", error.Message, StringComparison.Ordinal);
        Assert.Contains("step_with_missing_dependency", error.Message, StringComparison.Ordinal);
        Assert.Contains(nameof(IMissingService), error.Message, StringComparison.Ordinal);
    }

    public interface IMissingService;

    public sealed class StepWithMissingDependency(IMissingService missing) : IPipelineStep<NoopTaskInput>
    {
        public Task RunAsync(TaskRunContext<NoopTaskInput> context, CancellationToken ct) => Task.FromResult(missing);
    }
}
