using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TaskRunner.Tasks.Options;

namespace TaskRunner.Retrieval.VectorStore.Qdrant;

public static class QdrantServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="QdrantVectorStore"/> as <see cref="IVectorStore"/> over one shared gRPC connection (endpoint, TLS,
    /// api-key metadata, deadlines) when <c>Qdrant:Url</c> is set, and returns true. Returns false and registers nothing
    /// otherwise, so the caller registers its fallback: <c>if (!services.AddQdrantVectorStore(config)) services.AddPostgresVectorStore(...);</c>
    /// </summary>
    public static bool AddQdrantVectorStore(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(QdrantOptions.SectionName);
        if (string.IsNullOrWhiteSpace(section[nameof(QdrantOptions.Url)])) return false;

        services.AddValidatedOptions<QdrantOptions>(configuration, QdrantOptions.SectionName)
            .Validate(o => o.Url!.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || o.Url.StartsWith("https://", StringComparison.OrdinalIgnoreCase),
                "Qdrant:Url must be the gRPC endpoint as an http:// or https:// URL, e.g. http://qdrant:6334.");
        services.AddSingleton(sp => new QdrantConnection(sp.GetRequiredService<IOptions<QdrantOptions>>(), sp.GetService<ILoggerFactory>()));
        services.AddSingleton<IVectorStore, QdrantVectorStore>();
        return true;
    }
}
