using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TaskRunner.Ingestion.Chunking;
using TaskRunner.Ingestion.Parsing;

namespace TaskRunner.Tests.Parsing;

public class ParsingRegistrationTests
{
    [Fact]
    public void Parsing_options_bind_from_configuration_and_feed_the_limits()
    {
        using var provider = Build(new() { ["Parsing:MaxPages"] = "12", ["Parsing:ParseTimeoutSeconds"] = "30" });

        var limits = provider.GetRequiredService<ParsingLimits>();

        Assert.Equal(12, limits.MaxPages);
        Assert.Equal(TimeSpan.FromSeconds(30), limits.ParseTimeout);
        Assert.Equal(50L * 1024 * 1024, limits.MaxFileBytes);
        Assert.NotNull(provider.GetRequiredService<DocumentParsing>());
        Assert.Equal(6, provider.GetServices<IDocumentParser>().Select(p => p.Kind).Distinct().Count());
    }

    [Fact]
    public void Out_of_range_parsing_options_fail_validation_naming_the_setting()
    {
        using var provider = Build(new() { ["Parsing:MaxPages"] = "0" });

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<ParsingOptions>>().Value);

        Assert.Contains("MaxPages", error.Message);
    }

    [Fact]
    public void Chunking_overlap_not_smaller_than_max_fails_validation()
    {
        using var provider = Build(new() { ["Chunking:MaxTokens"] = "100", ["Chunking:OverlapTokens"] = "100" });

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<ChunkingOptions>>().Value);

        Assert.Contains("OverlapTokens", error.Message);
    }

    [Fact]
    public void Chunking_registers_the_character_counter_unless_another_counter_is_registered()
    {
        using var provider = Build([]);

        Assert.IsType<CharacterTokenCounter>(provider.GetRequiredService<ITokenCounter>());
        Assert.Equal(400, provider.GetRequiredService<IOptions<ChunkingOptions>>().Value.MaxTokens);
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddDocumentParsing(configuration).AddChunking(configuration).BuildServiceProvider();
    }
}
