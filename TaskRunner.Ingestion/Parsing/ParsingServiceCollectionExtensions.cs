using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TaskRunner.Tasks.Options;

namespace TaskRunner.Ingestion.Parsing;

public static class ParsingServiceCollectionExtensions
{
    /// <summary>Registers the parsers, <see cref="DocumentParsing"/>, <see cref="DocumentTypeDetector"/> and validated <see cref="ParsingOptions"/>.</summary>
    public static IServiceCollection AddDocumentParsing(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<ParsingOptions>(configuration, ParsingOptions.SectionName);
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<ParsingOptions>>().Value.ToLimits());

        services.AddSingleton<IDocumentParser, PlainTextParser>();
        services.AddSingleton<IDocumentParser, MarkdownParser>();
        services.AddSingleton<IDocumentParser, HtmlParser>();
        services.AddSingleton<IDocumentParser, PdfParser>();
        services.AddSingleton<IDocumentParser, DocxParser>();
        services.AddSingleton<IDocumentParser, PptxParser>();
        services.AddSingleton<DocumentParsing>();
        services.AddSingleton<DocumentTypeDetector>();
        return services;
    }
}
