using Microsoft.AspNetCore.Http.HttpResults;
using TaskRunner.Generation.Llm.Stats;

namespace TaskRunner.Api.Llm;

public static class LlmStatsApi
{
    public static IEndpointRouteBuilder MapLlmStatsApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/v1/llm").WithTags("LLM")
            .MapGet("/stats", GetAsync).WithName("LlmStats")
            .WithSummary("Live figures of LLM calls by every Worker over the sliding window (LlmStats__WindowSeconds): P50/P95/P99 latency, calls, errors, retries and tokens per model.");
        return app;
    }

    private static async Task<Ok<LlmStatsSnapshot>> GetAsync(RedisLlmCallLog log, CancellationToken ct) =>
        TypedResults.Ok(await log.ReadAsync(ct));
}
