using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TaskRunner.Tasks.Options;

namespace TaskRunner.Retrieval.VectorStore.Qdrant;

public static class QdrantServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="QdrantVectorStore"/> as <see cref="IVectorStore"/> (typed HttpClient with base address, timeout and
    /// api-key header) when <c>Qdrant:Url</c> is set, and returns true. Returns false and registers nothing otherwise, so the
    /// caller registers its fallback: <c>if (!services.AddQdrantVectorStore(config)) services.AddPostgresVectorStore(...);</c>
    /// </summary>
    public static bool AddQdrantVectorStore(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(QdrantOptions.SectionName);
        if (string.IsNullOrWhiteSpace(section[nameof(QdrantOptions.Url)])) return false;

        services.AddValidatedOptions<QdrantOptions>(configuration, QdrantOptions.SectionName);
        services.AddHttpClient<IVectorStore, QdrantVectorStore>((sp, client) =>
        {
            var options = sp.GetRequiredService<IOptions<QdrantOptions>>().Value;
            var url = options.Url!.EndsWith('/') ? options.Url : options.Url + "/";
            client.BaseAddress = new Uri(url);
            client.Timeout = TimeSpan.FromSeconds(options.TimeoutSeconds);
            if (!string.IsNullOrEmpty(options.ApiKey)) client.DefaultRequestHeaders.Add("api-key", options.ApiKey);
        });
        return true;
    }
}
