using System.ComponentModel.DataAnnotations;

namespace TaskRunner.Generation.Llm;

/// <summary>The OpenAI-compatible chat endpoint used to generate and grade exercises.</summary>
public sealed class LlmOptions : IValidatableObject
{
    public const string SectionName = "Llm";

    /// <summary>True when Llm:BaseUrl is set: the platform then writes, grades and analyses with the LLM.</summary>
    public static bool IsConfiguredIn(Microsoft.Extensions.Configuration.IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration.GetSection(SectionName)[nameof(BaseUrl)]);

    /// <summary>Base URL such as "https://api.openai.com/v1". Empty means no LLM: the offline generator is used.</summary>
    public string BaseUrl { get; set; } = "";

    public string ApiKey { get; set; } = "";

    public string Model { get; set; } = "gpt-4o-mini";

    /// <summary>Comma-separated models a request may name (Llm__Models); empty allows only <see cref="Model"/>.</summary>
    public string Models { get; set; } = "";

    /// <summary>The models a request may name: <see cref="Models"/>, or just <see cref="Model"/> when it is empty.</summary>
    public IReadOnlyList<string> AllowedModels
    {
        get
        {
            var listed = Models.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            return listed.Length > 0 ? listed.Distinct(StringComparer.Ordinal).ToArray() : [Model];
        }
    }

    /// <summary>True when <paramref name="model"/> is null (the default model) or one of <see cref="AllowedModels"/>.</summary>
    public bool Allows(string? model) => model is null || AllowedModels.Contains(model, StringComparer.Ordinal);

    /// <summary>Per attempt: the longest wait for the response to start or for the next streamed chunk.</summary>
    public int TimeoutSeconds { get; set; } = 120;

    /// <summary>Concurrent LLM calls allowed across all worker processes (a Redis-backed semaphore).</summary>
    public int MaxConcurrency { get; set; } = 256;

    /// <summary>Retries after the first attempt for transient failures (429, 5xx, timeouts, dropped streams).</summary>
    public int MaxRetries { get; set; } = 4;

    /// <summary>Base delay of the exponential backoff, before jitter; a Retry-After header overrides it.</summary>
    public int RetryBaseDelayMilliseconds { get; set; } = 1000;

    /// <summary>Upper bound on any single backoff, including one asked for by Retry-After.</summary>
    public int MaxRetryDelaySeconds { get; set; } = 60;

    /// <summary>Send response_format json_schema (strict). Turn off for providers that reject it.</summary>
    public bool UseJsonSchema { get; set; } = true;

    /// <summary>Sampling temperature; null leaves the provider's default.</summary>
    public float? Temperature { get; set; } = 0.7f;

    /// <summary>
    /// While Redis is unreachable each Worker limits its LLM calls to max(1, MaxConcurrency / LocalShareDivisor): set it
    /// to the number of Worker processes serving the llm queue (2, as scripts/run.sh starts), so the fleet stays near
    /// MaxConcurrency during an outage; the provider's 429s, retried with backoff, absorb any overshoot.
    /// </summary>
    public int LocalShareDivisor { get; set; } = 2;

    /// <summary>Per call, across all its attempts and backoffs: fails the call with llm_timeout once exceeded.</summary>
    public int TotalTimeoutSeconds { get; set; } = 600;

    /// <summary>Longest reply kept, in characters; a longer one fails the call with llm_reply_too_long.</summary>
    public int MaxReplyCharacters { get; set; } = 200_000;

    /// <summary>max_tokens per kind of call (Llm__MaxOutputTokens__Exercises, __Grading, __MaterialAnalysis, __Prompt).</summary>
    public LlmOutputTokens MaxOutputTokens { get; set; } = new();

    /// <summary>This process's slots of <paramref name="limit"/> while the shared (Redis) limit is unreachable.</summary>
    public int LocalShare(int limit) => Math.Max(1, limit / LocalShareDivisor);

    /// <summary>How long a concurrency lease lives without renewal, so a crashed worker's slot comes back.</summary>
    public int ConcurrencyLeaseSeconds { get; set; } = 30;

    public bool IsConfigured => !string.IsNullOrWhiteSpace(BaseUrl);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (IsConfigured && !Uri.TryCreate(BaseUrl, UriKind.Absolute, out _))
        {
            yield return Fail($"{SectionName}:BaseUrl must be an absolute URL such as https://api.openai.com/v1, or empty for the offline generator.", nameof(BaseUrl));
        }
        if (IsConfigured && string.IsNullOrWhiteSpace(Model))
        {
            yield return Fail($"{SectionName}:Model is required when {SectionName}:BaseUrl is set.", nameof(Model));
        }
        if (TimeoutSeconds is < 1 or > 3600)
        {
            yield return Fail($"{SectionName}:TimeoutSeconds must be between 1 and 3600.", nameof(TimeoutSeconds));
        }
        if (MaxConcurrency is < 1 or > 10_000)
        {
            yield return Fail($"{SectionName}:MaxConcurrency must be between 1 and 10000.", nameof(MaxConcurrency));
        }
        if (MaxRetries is < 0 or > 20)
        {
            yield return Fail($"{SectionName}:MaxRetries must be between 0 and 20.", nameof(MaxRetries));
        }
        if (RetryBaseDelayMilliseconds is < 1 or > 60_000)
        {
            yield return Fail($"{SectionName}:RetryBaseDelayMilliseconds must be between 1 and 60000.", nameof(RetryBaseDelayMilliseconds));
        }
        if (MaxRetryDelaySeconds is < 1 or > 600)
        {
            yield return Fail($"{SectionName}:MaxRetryDelaySeconds must be between 1 and 600.", nameof(MaxRetryDelaySeconds));
        }
        if (Temperature is < 0 or > 2)
        {
            yield return Fail($"{SectionName}:Temperature must be between 0 and 2.", nameof(Temperature));
        }
        if (LocalShareDivisor is < 1 or > 10_000)
        {
            yield return Fail($"{SectionName}:LocalShareDivisor must be between 1 and 10000 (the number of Worker processes serving the llm queue).", nameof(LocalShareDivisor));
        }
        if (TotalTimeoutSeconds < TimeoutSeconds || TotalTimeoutSeconds > 86_400)
        {
            yield return Fail($"{SectionName}:TotalTimeoutSeconds must be at least {SectionName}:TimeoutSeconds ({TimeoutSeconds}) and at most 86400.", nameof(TotalTimeoutSeconds));
        }
        if (MaxReplyCharacters is < 1_000 or > 10_000_000)
        {
            yield return Fail($"{SectionName}:MaxReplyCharacters must be between 1000 and 10000000.", nameof(MaxReplyCharacters));
        }
        foreach (var (name, value) in MaxOutputTokens.All().Where(t => t.Value is < 16 or > 1_000_000))
        {
            yield return Fail($"{SectionName}:MaxOutputTokens:{name} must be between 16 and 1000000; got {value}.", nameof(MaxOutputTokens));
        }
        if (ConcurrencyLeaseSeconds is < 2 or > 3600)
        {
            yield return Fail($"{SectionName}:ConcurrencyLeaseSeconds must be between 2 and 3600.", nameof(ConcurrencyLeaseSeconds));
        }
    }

    private static ValidationResult Fail(string message, string member) => new(message, [member]);
}
