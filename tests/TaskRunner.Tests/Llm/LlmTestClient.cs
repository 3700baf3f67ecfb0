using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using TaskRunner.Generation.Llm;
using TaskRunner.Testing.OpenAi;

namespace TaskRunner.Tests.Llm;

internal static class LlmTestClient
{
    public static OpenAiLlmClient Create(OpenAiTestServer server, Action<LlmOptions>? configure = null)
    {
        var options = new LlmOptions
        {
            BaseUrl = server.BaseUrl,
            ApiKey = server.ApiKey ?? "",
            Model = "test-model",
            TimeoutSeconds = 10,
            RetryBaseDelayMilliseconds = 10,
            MaxRetries = 3,
        };
        configure?.Invoke(options);
        return new OpenAiLlmClient(Options.Create(options), new LocalConcurrencyLimiter(), NullLogger<OpenAiLlmClient>.Instance);
    }
}
