using Microsoft.Extensions.DependencyInjection;

namespace TaskRunner.Ingestion.Documents;

public static class DocumentServiceCollectionExtensions
{
    public static IServiceCollection AddDocuments(this IServiceCollection services)
    {
        services.AddSingleton<DocumentStore>();
        services.AddSingleton<ChunkStore>();
        services.AddSingleton<DocumentDeletionStore>();
        services.AddSingleton<ChunkInventory>();
        return services;
    }
}
