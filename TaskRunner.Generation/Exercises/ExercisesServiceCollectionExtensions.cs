using Microsoft.Extensions.DependencyInjection;

namespace TaskRunner.Generation.Exercises;

public static class ExercisesServiceCollectionExtensions
{
    /// <summary>The exercise and submission stores.</summary>
    public static IServiceCollection AddExercises(this IServiceCollection services)
    {
        services.AddSingleton<ExerciseStore>();
        services.AddSingleton<SubmissionStore>();
        return services;
    }
}
