using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using TaskRunner.Retrieval.Embeddings;
using TaskRunner.Retrieval.Indexing;
using TaskRunner.Retrieval.Rerank;
using TaskRunner.Retrieval.VectorStore;
using TaskRunner.Retrieval.VectorStore.Postgres;
using TaskRunner.Tasks.Health;
using TaskRunner.Tasks.Pipelines;

namespace TaskRunner.Retrieval;

public static class RetrievalServiceCollectionExtensions
{
    /// <summary>Embeddings, the vector store (Qdrant or embedded Postgres), hybrid retrieval and the document task types.</summary>
    public static IServiceCollection AddRetrieval(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddEmbeddings(configuration);
        services.AddVectorStore(configuration);
        services.AddOptions<RetrievalOptions>().Bind(configuration.GetSection(RetrievalOptions.SectionName))
            .Validate(o => o.VectorWeight is >= 0 and <= 1, "Retrieval:VectorWeight must be between 0 and 1.")
            .Validate(o => o.Fusion is RankFusion.Relative or RankFusion.Rrf, "Retrieval:Fusion must be relative or rrf.")
            .ValidateOnStart();
        services.AddSingleton<TokenFrequencies>();
        services.AddSingleton<KeywordSearch>();
        services.AddSingleton<HybridRetriever>();
        services.AddPassageRetrieval(configuration);
        services.AddSingleton<DocumentIntake>();
        services.AddHealthChecks().AddCheck<EmbeddedVectorStoreHealthCheck>("vector-store", tags: [HealthServiceCollectionExtensions.ReadyTag]);
        services.AddTaskTypesFrom(typeof(DocumentTasks).Assembly);
        return services;
    }
}
