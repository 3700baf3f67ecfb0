using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TaskRunner.Ingestion.Chunking;
using TaskRunner.Tasks.Options;

namespace TaskRunner.Retrieval.Embeddings;

public static class EmbeddingsServiceCollectionExtensions
{
    /// <summary>Named HttpClient used by the openai provider (configure proxies/handlers on it if needed).</summary>
    public const string OpenAiHttpClientName = "TaskRunner.Embeddings.OpenAi";

    /// <summary>
    /// Binds and validates <c>Embeddings</c> (at start), registers the configured provider as the singleton
    /// <see cref="IEmbeddingProvider"/> (onnx loads and checks its model when the host starts), and — for onnx, or when
    /// <c>Embeddings:VocabPath</c> is set — <see cref="BertTextEncoder"/> and a <see cref="BertTokenCounter"/> as
    /// <see cref="ITokenCounter"/>, with chunks capped to what the model reads. Otherwise nothing is registered for
    /// ITokenCounter, so the chunking code's TryAdd of its character counter wins.
    /// </summary>
    public static IServiceCollection AddEmbeddings(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(EmbeddingsOptions.SectionName);
        services.AddValidatedOptions<EmbeddingsOptions>(configuration, EmbeddingsOptions.SectionName).PostConfigure(o => o.ApplyModelDefaults());
        services.AddSingleton<IValidateOptions<EmbeddingsOptions>, EmbeddingsOptionsValidator>();

        // Registration shape is decided from configuration now; values are read from validated options at resolve time.
        var configured = section.Get<EmbeddingsOptions>() ?? new EmbeddingsOptions();
        var onnx = configured.Provider.Trim().Equals(EmbeddingProviders.Onnx, StringComparison.OrdinalIgnoreCase);
        if (!string.IsNullOrWhiteSpace(configured.VocabPath) || onnx)
        {
            services.AddSingleton(sp =>
            {
                var o = Options(sp);
                return o.UsesBuiltInModel ? BertTextEncoder.LoadBuiltIn(o.LowerCase) : BertTextEncoder.Load(o.VocabPath!, o.LowerCase);
            });
            services.AddSingleton<ITokenCounter, BertTokenCounter>();
        }

        if (onnx)
        {
            // A chunk longer than the model reads would lose its end; cap chunks at MaxTokens minus [CLS] and [SEP].
            services.AddOptions<ChunkingOptions>().PostConfigure<IOptions<EmbeddingsOptions>>((chunking, embeddings) =>
            {
                var fits = embeddings.Value.MaxTokens - 2;
                if (chunking.MaxTokens <= fits) return;
                chunking.OverlapTokens = Math.Min(chunking.OverlapTokens, fits / 8);
                chunking.MaxTokens = fits;
            });
        }

        switch (configured.Provider.Trim().ToLowerInvariant())
        {
            case EmbeddingProviders.Onnx:
                services.AddSingleton(sp => new OnnxEmbedder(Options(sp), sp.GetRequiredService<BertTextEncoder>()));
                services.AddSingleton<IEmbeddingProvider>(sp => sp.GetRequiredService<OnnxEmbedder>());
                services.AddHostedService<EmbeddingsStartupCheck>();
                break;
            case EmbeddingProviders.OpenAi:
                services.AddHttpClient(OpenAiHttpClientName);
                services.AddSingleton<IEmbeddingProvider>(sp => new OpenAiEmbedder(Options(sp),
                    sp.GetRequiredService<IHttpClientFactory>().CreateClient(OpenAiHttpClientName)));
                break;
            default:
                // hashing, or an invalid value that Options(sp) rejects with a message naming Embeddings:Provider.
                services.AddSingleton<IEmbeddingProvider>(sp => new HashingEmbedder(Options(sp).Dimension));
                break;
        }

        return services;
    }

    private static EmbeddingsOptions Options(IServiceProvider sp) => sp.GetRequiredService<IOptions<EmbeddingsOptions>>().Value;
}
