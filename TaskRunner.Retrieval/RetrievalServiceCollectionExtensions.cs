using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using TaskRunner.Retrieval.Embeddings;
using TaskRunner.Retrieval.VectorStore;

namespace TaskRunner.Retrieval;

public static class RetrievalServiceCollectionExtensions
{
    /// <summary>Embeddings, the vector store (Qdrant or embedded Postgres) and hybrid retrieval.</summary>
    public static IServiceCollection AddRetrieval(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddEmbeddings(configuration);
        services.AddVectorStore(configuration);
        services.AddSingleton<KeywordSearch>();
        services.AddSingleton<HybridRetriever>();
        return services;
    }
}
