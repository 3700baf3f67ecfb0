namespace TaskRunner.Tasks.Pipelines;

/// <summary>One step of a pipeline: the class that runs it, its name (shown as the task's stage) and its queue.</summary>
public sealed record StepDefinition(string Name, string Queue, Type StepType)
{
    /// <summary>The step waits rather than computes (<see cref="IWaitingStep"/>), so it may run on the async executor.</summary>
    public bool Waits => typeof(IWaitingStep).IsAssignableFrom(StepType);

    /// <summary>"ExtractStep" becomes "extract", "ReconcileVectorsStep" becomes "reconcile_vectors".</summary>
    public static string NameOf(Type stepType)
    {
        var name = stepType.Name.EndsWith("Step", StringComparison.Ordinal) ? stepType.Name[..^4] : stepType.Name;
        var builder = new System.Text.StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0)
            {
                builder.Append('_');
            }

            builder.Append(char.ToLowerInvariant(name[i]));
        }

        return builder.ToString();
    }
}
