using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using TaskRunner.Tasks.Options;

namespace TaskRunner.Ingestion.Chunking;

public static class ChunkingServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="TextChunker"/>, validated <see cref="ChunkingOptions"/>, and <see cref="CharacterTokenCounter"/>
    /// as the <see cref="ITokenCounter"/> unless one is already registered (a tokenizer-based counter wins).
    /// </summary>
    public static IServiceCollection AddChunking(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<ChunkingOptions>(configuration, ChunkingOptions.SectionName);
        services.TryAddSingleton<ITokenCounter, CharacterTokenCounter>();
        services.AddSingleton<TextChunker>();
        return services;
    }
}
