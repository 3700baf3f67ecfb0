using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using TaskRunner.Generation.Exercises;
using TaskRunner.Generation.Llm;
using TaskRunner.Generation.Materials;
using TaskRunner.Generation.Llm.Stats;
using TaskRunner.Generation.Offline;
using TaskRunner.Generation.Prompts;
using TaskRunner.Tasks.Health;
using TaskRunner.Tasks.Pipelines;

namespace TaskRunner.Generation;

public static class GenerationServiceCollectionExtensions
{
    /// <summary>
    /// The exercise stores and the generation task types. With Llm:BaseUrl set, the LLM client (its concurrency limit
    /// shared through Redis) writes, grades and analyses; without it, the offline implementations do. This is the one
    /// place that decides: steps receive one interface each and never ask which.
    /// </summary>
    public static IServiceCollection AddGeneration(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddExercises();
        services.AddSingleton<ExerciseMaterialLoader>();
        services.AddPrompts(configuration);
        services.AddTaskTypesFrom(typeof(ExerciseTasks).Assembly);
        if (LlmOptions.IsConfiguredIn(configuration))
        {
            services.AddSingleton<ILlmCallRecorder>(sp => sp.GetRequiredService<RedisLlmCallLog>());
            services.AddPrioritizedLlmLimiter();
            services.AddHealthChecks().AddCheck<LlmLimiterHealthCheck>("llm-limiter", tags: [HealthServiceCollectionExtensions.ReadyTag]);
            services.AddLlm(configuration);
            services.AddSingleton<IExerciseWriter, LlmExerciseWriter>();
            services.AddSingleton<IShortAnswerGrader, LlmShortAnswerGrader>();
            services.AddSingleton<IMaterialAnalyzer, LlmMaterialAnalyzer>();
            services.AddSingleton<IPromptCompleter, LlmPromptCompleter>();
        }
        else
        {
            services.AddSingleton<IExerciseWriter, OfflineExerciseWriter>();
            services.AddSingleton<IShortAnswerGrader, OfflineShortAnswerGrader>();
            services.AddSingleton<IMaterialAnalyzer, OfflineMaterialAnalyzer>();
            services.AddSingleton<IPromptCompleter, OfflinePromptCompleter>();
        }

        return services;
    }
}
