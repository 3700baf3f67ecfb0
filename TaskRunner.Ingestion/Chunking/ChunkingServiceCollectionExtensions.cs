using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace TaskRunner.Ingestion.Chunking;

public static class ChunkingServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="TextChunker"/>, validated <see cref="ChunkingOptions"/>, and <see cref="CharacterTokenCounter"/>
    /// as the <see cref="ITokenCounter"/> unless one is already registered (a tokenizer-based counter wins).
    /// </summary>
    public static IServiceCollection AddChunking(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ChunkingOptions>()
            .Bind(configuration.GetSection(ChunkingOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton<ITokenCounter, CharacterTokenCounter>();
        services.AddSingleton<TextChunker>();
        return services;
    }
}
