using TaskRunner.Generation.Exercises;
using TaskRunner.Generation.Llm;
using TaskRunner.Worker.Tasks;

namespace TaskRunner.Worker.Generation;

public static class GenerationServiceCollectionExtensions
{
    /// <summary>
    /// The exercise stores, the LLM client (only when Llm:BaseUrl is set; otherwise the steps work offline) with its
    /// concurrency limit shared through Redis, and the generate, grade and analyze steps.
    /// </summary>
    public static IServiceCollection AddGeneration(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddExercises();
        services.AddSingleton<ILlmConcurrencyLimiter, SharedLlmConcurrencyLimiter>();
        services.AddLlm(configuration);
        services.AddSingleton<ExerciseMaterialLoader>();
        services.AddSingleton<IPipelineStep, GenerateStep>();
        services.AddSingleton<IPipelineStep, GradeStep>();
        services.AddSingleton<IPipelineStep, AnalyzeStep>();
        return services;
    }
}
