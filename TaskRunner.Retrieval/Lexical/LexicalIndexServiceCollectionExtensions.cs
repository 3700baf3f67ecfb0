using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace TaskRunner.Retrieval.Lexical;

public static class LexicalIndexServiceCollectionExtensions
{
    /// <summary>
    /// The in-memory lexical index, for the process that answers chats and searches (the Api). Without it (the Workers)
    /// the retrievers read keyword hits, graph expansion and chunk texts from Postgres.
    /// </summary>
    public static IServiceCollection AddLexicalIndex(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<LexicalIndexOptions>().Bind(configuration.GetSection(LexicalIndexOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => LexicalIndexSet.Create(
            sp.GetRequiredService<NpgsqlDataSource>(),
            sp.GetRequiredService<IOptions<LexicalIndexOptions>>().Value,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<LexicalIndexSet>>()));
        return services;
    }
}
