using System.Reflection;
using Microsoft.Extensions.DependencyInjection;

namespace TaskRunner.Tasks.Pipelines;

/// <summary>Every declared task type of this process, by name. The Worker runs tasks through it.</summary>
public sealed class TaskCatalog
{
    private readonly Dictionary<string, TaskDefinition> byName = new(StringComparer.Ordinal);

    public TaskCatalog(IEnumerable<TaskDefinition> definitions)
    {
        foreach (var definition in definitions)
        {
            if (byName.TryGetValue(definition.Name, out var existing) && !ReferenceEquals(existing, definition))
            {
                throw new InvalidOperationException($"Task type '{definition.Name}' is declared twice.");
            }

            byName[definition.Name] = definition;
        }
    }

    public IReadOnlyCollection<TaskDefinition> All => byName.Values;

    public bool TryGet(string name, out TaskDefinition definition) => byName.TryGetValue(name, out definition!);

    /// <summary>The public static <see cref="TaskDefinition"/> fields of the static classes in <paramref name="assembly"/>.</summary>
    public static IEnumerable<TaskDefinition> DeclaredIn(Assembly assembly) => assembly.GetExportedTypes()
        .Where(t => t is { IsAbstract: true, IsSealed: true })
        .SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.Static))
        .Where(f => typeof(TaskDefinition).IsAssignableFrom(f.FieldType))
        .Select(f => (TaskDefinition)f.GetValue(null)!);

    /// <summary>
    /// Resolves every step of every declared type, so a Worker that cannot run one refuses to start and says which,
    /// instead of failing a task at run time.
    /// </summary>
    public void EnsureStepsResolve(IServiceProvider services)
    {
        var problems = new List<string>();
        foreach (var definition in byName.Values)
        {
            foreach (var step in definition.Steps)
            {
                try
                {
                    _ = services.GetRequiredService(step.StepType);
                }
                catch (InvalidOperationException ex)
                {
                    problems.Add($"task type '{definition.Name}', step '{step.Name}' ({step.StepType.Name}): {ex.Message}");
                }
            }
        }

        if (problems.Count > 0)
        {
            throw new InvalidOperationException("Some pipeline steps cannot be created: " + string.Join("; ", problems));
        }
    }
}
