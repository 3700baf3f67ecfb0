using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TaskRunner.Generation.Llm;
using TaskRunner.Testing.OpenAi;

namespace TaskRunner.Tests.Llm;

public sealed class LlmRegistrationTests
{
    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddLogging().AddLlm(configuration).BuildServiceProvider();
    }

    [Fact]
    public void Without_a_base_url_there_is_no_llm_client()
    {
        using var provider = Build([]);

        Assert.Null(provider.GetService<ILlmClient>());
        Assert.IsType<LocalConcurrencyLimiter>(provider.GetRequiredService<ILlmConcurrencyLimiter>());
        Assert.False(provider.GetRequiredService<IOptions<LlmOptions>>().Value.IsConfigured);
    }

    [Fact]
    public void With_a_base_url_the_openai_client_is_registered()
    {
        using var provider = Build(new() { ["Llm:BaseUrl"] = "http://127.0.0.1:1/v1", ["Llm:Model"] = "m", ["Llm:MaxConcurrency"] = "3" });

        Assert.IsType<OpenAiLlmClient>(provider.GetRequiredService<ILlmClient>());
        Assert.Equal(3, provider.GetRequiredService<IOptions<LlmOptions>>().Value.MaxConcurrency);
    }

    [Theory]
    [InlineData(8, 2, 4)]
    [InlineData(8, 3, 2)]
    [InlineData(1, 2, 1)]
    [InlineData(8, 100, 1)]
    public void While_redis_is_down_a_process_gets_its_share_and_never_less_than_one(int maxConcurrency, int divisor, int share) =>
        Assert.Equal(share, new LlmOptions { MaxConcurrency = maxConcurrency, LocalShareDivisor = divisor }.LocalShare(maxConcurrency));

    [Theory]
    [InlineData("Llm:BaseUrl", "not a url", "Llm:BaseUrl")]
    [InlineData("Llm:MaxConcurrency", "0", "Llm:MaxConcurrency")]
    [InlineData("Llm:TimeoutSeconds", "-5", "Llm:TimeoutSeconds")]
    [InlineData("Llm:LocalShareDivisor", "0", "Llm:LocalShareDivisor")]
    [InlineData("Llm:TotalTimeoutSeconds", "10", "Llm:TotalTimeoutSeconds")]
    [InlineData("Llm:MaxReplyCharacters", "10", "Llm:MaxReplyCharacters")]
    [InlineData("Llm:MaxOutputTokens:Grading", "5", "Llm:MaxOutputTokens:Grading")]
    public void Bad_settings_are_named(string key, string value, string named)
    {
        using var provider = Build(new() { [key] = value });

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<LlmOptions>>().Value);

        Assert.Contains(named, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Calls_beyond_max_concurrency_wait_for_a_slot()
    {
        await using var server = await OpenAiTestServer.StartAsync(ct: CancellationToken.None);
        server.Latency = TimeSpan.FromMilliseconds(100);
        var client = LlmTestClient.Create(server, o => o.MaxConcurrency = 2);

        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => client.CompleteChatAsync(new([LlmMessage.User("count: 1")]), CancellationToken.None)));

        Assert.Equal(8, server.TotalRequests);
        Assert.InRange(server.MaxConcurrentRequests, 1, 2);
    }
}
