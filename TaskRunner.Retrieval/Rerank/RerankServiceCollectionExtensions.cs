using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using TaskRunner.Retrieval.Graph;
using TaskRunner.Retrieval.Passages;

namespace TaskRunner.Retrieval.Rerank;

public static class RerankServiceCollectionExtensions
{
    /// <summary>
    /// What the chat gateway retrieves with: the knowledge graph's store and search, the parallel passage retriever,
    /// and the reranker (HTTP when Rerank:BaseUrl is set, otherwise none; decided here once).
    /// </summary>
    public static IServiceCollection AddPassageRetrieval(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PassageSourceOptions>().Bind(configuration.GetSection(PassageSourceOptions.SectionName))
            .Validate(o => o.VectorTimeoutMs > 0 && o.KeywordTimeoutMs > 0 && o.GraphTimeoutMs > 0, "Retrieval:Sources timeouts must be positive.")
            .Validate(o => o.GraphWeight is >= 0 and <= 1, "Retrieval:Sources:GraphWeight must be between 0 and 1.")
            .ValidateOnStart();
        services.AddSingleton<GraphStore>();
        services.AddSingleton<GraphSearch>();
        services.AddSingleton<PassageRetriever>();
        var rerank = configuration.GetSection(RerankOptions.SectionName);
        services.AddOptions<RerankOptions>().Bind(rerank)
            .Validate(o => !o.IsConfigured || Uri.TryCreate(o.BaseUrl, UriKind.Absolute, out _), "Rerank:BaseUrl must be an absolute URL, or empty for no reranker.")
            .Validate(o => o.DocumentsField is "documents" or "texts", "Rerank:DocumentsField must be documents or texts.")
            .Validate(o => o.TimeoutMs > 0, "Rerank:TimeoutMs must be positive.")
            .ValidateOnStart();
        if (!string.IsNullOrWhiteSpace(rerank["BaseUrl"]))
        {
            services.AddHttpClient(HttpReranker.HttpClientName);
            services.AddSingleton<IReranker, HttpReranker>();
        }
        else
        {
            services.AddSingleton<IReranker, NoReranker>();
        }

        return services;
    }
}
