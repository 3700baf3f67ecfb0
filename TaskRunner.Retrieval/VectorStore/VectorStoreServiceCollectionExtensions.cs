using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using TaskRunner.Retrieval.VectorStore.Postgres;
using TaskRunner.Retrieval.VectorStore.Qdrant;

namespace TaskRunner.Retrieval.VectorStore;

public static class VectorStoreServiceCollectionExtensions
{
    /// <summary>Qdrant when Qdrant:Url is set; otherwise the embedded store in Postgres, with its cache settings (VectorStore section).</summary>
    public static IServiceCollection AddVectorStore(this IServiceCollection services, IConfiguration configuration)
    {
        if (!services.AddQdrantVectorStore(configuration))
        {
            services.AddOptions<EmbeddedVectorStoreOptions>().Bind(configuration.GetSection(EmbeddedVectorStoreOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
            services.AddSingleton<IVectorStore, PostgresVectorStore>();
        }

        return services;
    }
}
