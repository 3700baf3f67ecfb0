using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using TaskRunner.Retrieval.Embeddings;
using TaskRunner.Retrieval.Indexing;
using TaskRunner.Retrieval.VectorStore;
using TaskRunner.Tasks.Pipelines;

namespace TaskRunner.Retrieval;

public static class RetrievalServiceCollectionExtensions
{
    /// <summary>Embeddings, the vector store (Qdrant or embedded Postgres), hybrid retrieval and the document task types.</summary>
    public static IServiceCollection AddRetrieval(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddEmbeddings(configuration);
        services.AddVectorStore(configuration);
        services.AddSingleton<KeywordSearch>();
        services.AddSingleton<HybridRetriever>();
        services.AddSingleton<DocumentIntake>();
        services.AddTaskTypesFrom(typeof(DocumentTasks).Assembly);
        return services;
    }
}
