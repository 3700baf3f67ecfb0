using Microsoft.AspNetCore.Http.HttpResults;
using TaskRunner.Api.Hosting;
using TaskRunner.Tasks.Usage;

namespace TaskRunner.Api.Usage;

public static class UsageApi
{
    public static IEndpointRouteBuilder MapUsageApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/usage", GetAsync).WithTags("Usage").WithName("GetUsage")
            .WithSummary("The tenant's LLM and embedding tokens and their cost, by UTC day or by task type.");
        return app;
    }

    private static async Task<Results<Ok<UsageResponse>, ProblemHttpResult>> GetAsync(
        [AsParameters] UsageQuery query, RequestTenant tenant, UsageStore store, CostCalculator calculator, CancellationToken ct)
    {
        if (!query.TryRead(DateTimeOffset.UtcNow, out var from, out var to, out var grouping, out var problem))
        {
            return problem!;
        }

        var rows = await store.SummarizeAsync(tenant.Id, from, to, grouping, ct);
        var groups = rows.GroupBy(r => r.GroupKey, StringComparer.Ordinal)
            .Select(g => Group(g.Key, g.ToList(), calculator))
            .ToList();
        var total = Group("total", rows, calculator);
        return TypedResults.Ok(new UsageResponse(from, to, grouping == UsageGrouping.Day ? "day" : "type", calculator.Currency, groups, total));
    }

    private static UsageGroupResponse Group(string key, IEnumerable<UsageRow> rows, CostCalculator calculator)
    {
        var cost = calculator.Price(rows.Select(r => new ModelUsage(r.Model, r.InputTokens, r.OutputTokens, r.EmbeddingTokens)));
        return new UsageGroupResponse(key, cost.InputTokens, cost.OutputTokens, cost.EmbeddingTokens, cost.Amount, cost.UnpricedModels);
    }
}
