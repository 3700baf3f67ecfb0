using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using TaskRunner.Ingestion.Documents;
using TaskRunner.Ingestion.Parsing;
using TaskRunner.Ingestion.Storage;

namespace TaskRunner.Ingestion;

public static class IngestionServiceCollectionExtensions
{
    /// <summary>Documents, their stored files and the parsers: what both the Api and the Worker use of ingestion.</summary>
    public static IServiceCollection AddIngestion(this IServiceCollection services, IConfiguration configuration) => services
        .AddFileStorage(configuration)
        .AddDocuments()
        .AddDocumentParsing(configuration);
}
