using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using TaskRunner.Generation.Llm;
using TaskRunner.Generation.Llm.Stats;

namespace TaskRunner.Generation.Chat;

public static class ChatServiceCollectionExtensions
{
    /// <summary>
    /// The chat gateway for the Api process. With Llm:BaseUrl set, answers are written by the LLM client, through the
    /// same Redis-shared concurrency limit and call log as the Workers'; without it, extractively. Decided here once.
    /// Needs <c>AddRetrieval</c> (the passage retriever and reranker) and <c>AddPrompts</c> (the call log).
    /// </summary>
    public static IServiceCollection AddChat(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<ChatGateway>();
        if (LlmOptions.IsConfiguredIn(configuration))
        {
            services.TryAddSingleton<ILlmCallRecorder>(sp => sp.GetRequiredService<RedisLlmCallLog>());
            services.AddPrioritizedLlmLimiter();
            services.AddLlm(configuration);
            services.AddSingleton<IChatAnswerWriter, LlmChatAnswerWriter>();
        }
        else
        {
            services.AddSingleton<IChatAnswerWriter, ExtractiveChatAnswerWriter>();
        }

        return services;
    }
}
