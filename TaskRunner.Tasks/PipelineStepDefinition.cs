namespace TaskRunner.Tasks;

public sealed record PipelineStepDefinition(string Name, string Queue);
