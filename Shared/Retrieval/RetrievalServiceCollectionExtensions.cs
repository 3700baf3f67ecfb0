using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using TaskRunner.Shared.Embeddings;
using TaskRunner.Shared.VectorStore;

namespace TaskRunner.Shared.Retrieval;

public static class RetrievalServiceCollectionExtensions
{
    /// <summary>Embeddings, the vector store (Qdrant or embedded Postgres) and hybrid retrieval.</summary>
    public static IServiceCollection AddRetrieval(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddEmbeddings(configuration);
        services.AddVectorStore(configuration);
        services.AddSingleton<TokenFrequencies>();
        services.AddSingleton<KeywordSearch>();
        services.AddSingleton<HybridRetriever>();
        return services;
    }
}
