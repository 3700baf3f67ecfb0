using Microsoft.Extensions.Options;

namespace TaskRunner.Retrieval.Embeddings;

/// <summary>
/// Rejects a bad <c>Embeddings</c> section at start with messages that name the setting to fix. What only the model
/// itself can tell (is it ONNX, does the vocabulary fit it, its output size) is checked by <see cref="EmbeddingsStartupCheck"/>.
/// </summary>
public sealed class EmbeddingsOptionsValidator : IValidateOptions<EmbeddingsOptions>
{
    public ValidateOptionsResult Validate(string? name, EmbeddingsOptions options)
    {
        var errors = new List<string>();
        var provider = options.Provider.Trim().ToLowerInvariant();
        const string s = EmbeddingsOptions.SectionName;

        if (provider is not (EmbeddingProviders.Hashing or EmbeddingProviders.Onnx or EmbeddingProviders.OpenAi))
            errors.Add($"{s}:Provider must be hashing, onnx or openai (was '{options.Provider}').");
        if (options.Dimension <= 0) errors.Add($"{s}:Dimension must be positive.");
        if (options.BatchSize <= 0) errors.Add($"{s}:BatchSize must be positive.");
        if (options.MaxTokens < 3) errors.Add($"{s}:MaxTokens must be at least 3 ([CLS], one token, [SEP]).");
        if (options.IntraOpThreads < 0) errors.Add($"{s}:IntraOpThreads must be 0 (the process's cores) or positive.");
        if (options.BatchLingerMilliseconds is < 0 or > 1000) errors.Add($"{s}:BatchLingerMilliseconds must be from 0 to 1000.");
        if (options.Pooling is not ("cls" or "mean")) errors.Add($"{s}:Pooling must be cls or mean (was '{options.Pooling}').");
        if (!string.IsNullOrWhiteSpace(options.VocabPath) && !File.Exists(options.VocabPath))
            errors.Add($"{s}:VocabPath '{options.VocabPath}' does not exist.");

        if (provider == EmbeddingProviders.Onnx && options.UsesBuiltInModel)
        {
            if (!string.IsNullOrWhiteSpace(options.VocabPath))
                errors.Add($"{s}:VocabPath is set but {s}:ModelPath is empty: the built-in {BuiltInEmbeddingModel.ModelName} brings its own vocabulary; set both or neither.");
            if (options.Dimension > 0 && options.Dimension != BuiltInEmbeddingModel.Dimension)
                errors.Add($"{s}:Dimension is {options.Dimension} but the built-in {BuiltInEmbeddingModel.ModelName} outputs {BuiltInEmbeddingModel.Dimension}-dimensional vectors; leave it unset or set {BuiltInEmbeddingModel.Dimension}.");
            if (options.MaxTokens > 512)
                errors.Add($"{s}:MaxTokens is {options.MaxTokens} but the built-in {BuiltInEmbeddingModel.ModelName} reads at most 512 tokens (it was trained on {BuiltInEmbeddingModel.MaxTokens}).");
        }
        else if (provider == EmbeddingProviders.Onnx)
        {
            if (!File.Exists(options.ModelPath)) errors.Add($"{s}:ModelPath '{options.ModelPath}' does not exist (see scripts/fetch-model.sh).");
            if (string.IsNullOrWhiteSpace(options.VocabPath)) errors.Add($"{s}:VocabPath is required when {s}:ModelPath is set.");
        }

        if (provider == EmbeddingProviders.OpenAi)
        {
            if (string.IsNullOrWhiteSpace(options.ModelName)) errors.Add($"{s}:ModelName is required when {s}:Provider is openai.");
            if (string.IsNullOrWhiteSpace(options.ApiKey)) errors.Add($"{s}:ApiKey is required when {s}:Provider is openai.");
            if (!string.IsNullOrWhiteSpace(options.BaseUrl) && !Uri.TryCreate(options.BaseUrl, UriKind.Absolute, out _))
                errors.Add($"{s}:BaseUrl '{options.BaseUrl}' is not an absolute URL.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
