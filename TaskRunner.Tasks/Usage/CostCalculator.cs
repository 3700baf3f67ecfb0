using Microsoft.Extensions.Options;

namespace TaskRunner.Tasks.Usage;

/// <summary>Prices token usage with the configured table (<see cref="PricingOptions"/>).</summary>
public sealed class CostCalculator(IOptions<PricingOptions> options)
{
    private readonly Dictionary<string, ModelPrice> prices = new(options.Value.Models, StringComparer.OrdinalIgnoreCase);

    public string Currency { get; } = options.Value.Currency;

    public TaskCost Price(IEnumerable<ModelUsage> usage)
    {
        long input = 0, output = 0, embedding = 0;
        decimal amount = 0;
        List<string>? unpriced = null;
        foreach (var u in usage)
        {
            input += u.InputTokens;
            output += u.OutputTokens;
            embedding += u.EmbeddingTokens;
            if (prices.TryGetValue(u.Model, out var price))
            {
                amount += ((u.InputTokens * price.InputPerMillion) + (u.OutputTokens * price.OutputPerMillion) + (u.EmbeddingTokens * price.EmbeddingPerMillion)) / 1_000_000m;
            }
            else if (u.InputTokens + u.OutputTokens + u.EmbeddingTokens > 0 && !(unpriced ??= []).Contains(u.Model))
            {
                unpriced.Add(u.Model);
            }
        }

        return new TaskCost(input, output, embedding, decimal.Round(amount, 8), Currency, unpriced);
    }
}
