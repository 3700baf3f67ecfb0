using Microsoft.Extensions.Options;
using TaskRunner.Tasks.Usage;

namespace TaskRunner.Tests.Observability;

public sealed class CostCalculatorTests
{
    private static readonly CostCalculator Calculator = new(Options.Create(new PricingOptions
    {
        Currency = "USD",
        Models = new(StringComparer.OrdinalIgnoreCase)
        {
            ["gpt-4o-mini"] = new ModelPrice { InputPerMillion = 0.15m, OutputPerMillion = 0.6m },
            ["text-embedding-3-small"] = new ModelPrice { EmbeddingPerMillion = 0.02m },
        },
    }));

    [Fact]
    public void Tokens_are_priced_per_million_per_model_and_summed()
    {
        var cost = Calculator.Price([
            new ModelUsage("gpt-4o-mini", 1_000_000, 500_000, 0),
            new ModelUsage("text-embedding-3-small", 0, 0, 2_000_000),
        ]);

        Assert.Equal(1_000_000, cost.InputTokens);
        Assert.Equal(500_000, cost.OutputTokens);
        Assert.Equal(2_000_000, cost.EmbeddingTokens);
        Assert.Equal(0.15m + 0.3m + 0.04m, cost.Amount);
        Assert.Null(cost.UnpricedModels);
    }

    [Fact]
    public void A_model_without_a_price_is_free_and_named_as_unpriced()
    {
        var cost = Calculator.Price([new ModelUsage("GPT-4O-MINI", 1000, 0, 0), new ModelUsage("local-llama", 5000, 5000, 0)]);

        Assert.Equal(0.00015m, cost.Amount);
        Assert.Equal(["local-llama"], cost.UnpricedModels);
    }
}
