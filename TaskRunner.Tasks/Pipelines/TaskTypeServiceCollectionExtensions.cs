using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace TaskRunner.Tasks.Pipelines;

public static class TaskTypeServiceCollectionExtensions
{
    /// <summary>
    /// Registers the task types declared in <paramref name="assembly"/> (see <see cref="TaskCatalog.DeclaredIn"/>). Each domain
    /// calls it once for its own assembly, so a new declaration needs no registration of its own.
    /// </summary>
    public static IServiceCollection AddTaskTypesFrom(this IServiceCollection services, Assembly assembly)
    {
        services.TryAddSingleton<TaskCatalog>();
        foreach (var definition in TaskCatalog.DeclaredIn(assembly))
        {
            services.AddSingleton(definition);
        }

        return services;
    }

    /// <summary>Registers the step classes of every task type registered so far: the processes that run steps call it last.</summary>
    public static IServiceCollection AddPipelineSteps(this IServiceCollection services)
    {
        var stepTypes = services
            .Where(d => d.ServiceType == typeof(TaskDefinition) && d.ImplementationInstance is TaskDefinition)
            .SelectMany(d => ((TaskDefinition)d.ImplementationInstance!).Steps)
            .Select(s => s.StepType)
            .Distinct()
            .ToList();
        foreach (var stepType in stepTypes)
        {
            services.TryAddSingleton(stepType);
        }

        return services;
    }
}
