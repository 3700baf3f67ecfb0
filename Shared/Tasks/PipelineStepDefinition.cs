namespace TaskRunner.Shared.Tasks;

public sealed record PipelineStepDefinition(string Name, string Queue);
