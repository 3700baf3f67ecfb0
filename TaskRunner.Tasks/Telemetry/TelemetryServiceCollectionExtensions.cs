using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using TaskRunner.Tasks.Options;

namespace TaskRunner.Tasks.Telemetry;

public static class TelemetryServiceCollectionExtensions
{
    /// <summary>Every ActivitySource and Meter of ours is named TaskRunner.Something.</summary>
    private const string OurSources = "TaskRunner.*";

    /// <summary>
    /// The runtime's own meter (.NET 9+): GC collections and pause time, JIT compilations and their time, thread-pool
    /// threads and queue, CPU time. They tell a slow process's garbage collection, tiering or starved pool apart.
    /// </summary>
    private const string RuntimeMeter = "System.Runtime";

    /// <summary>Seconds histograms: from a fast Postgres call to a long ingestion.</summary>
    private static readonly double[] SecondsBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800];

    /// <summary>
    /// OpenTelemetry for a TaskRunner process: traces of HTTP in and out, Npgsql, Redis, gRPC and our own spans (task
    /// runs, steps, LLM calls, ONNX runs), exported over OTLP only when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set;
    /// metrics for the Prometheus scrape at <c>/metrics</c> (map it with <see cref="MapTaskRunnerMetrics"/>), ours and the runtime's.
    /// <c>Metrics__Port</c> adds a listening port for the scrape.
    /// </summary>
    public static WebApplicationBuilder AddTaskRunnerTelemetry(this WebApplicationBuilder builder, string serviceName)
    {
        var configuration = builder.Configuration;
        builder.Services.AddValidatedOptions<MetricsOptions>(configuration, MetricsOptions.SectionName);
        if (configuration.GetValue<int?>($"{MetricsOptions.SectionName}:Port") is { } port)
        {
            var urls = builder.WebHost.GetSetting(WebHostDefaults.ServerUrlsKey);
            var metricsUrl = $"http://0.0.0.0:{port}";
            builder.WebHost.UseUrls(string.IsNullOrEmpty(urls) ? ["http://127.0.0.1:8080", metricsUrl] : [.. urls.Split(';', StringSplitOptions.RemoveEmptyEntries), metricsUrl]);
        }

        builder.Services.AddSingleton<QueueMetrics>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<QueueMetrics>());
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName))
            .WithMetrics(metrics => metrics
                .AddMeter(OurSources, RuntimeMeter)
                .AddView(instrument => instrument.Unit == "s" ? new ExplicitBucketHistogramConfiguration { Boundaries = SecondsBuckets } : null)
                .AddPrometheusExporter(o =>
                {
                    o.ScrapeResponseCacheDurationMilliseconds = 0;
                    o.DisableTotalNameSuffixForCounters = false;
                }));
        if (!string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            // Traces are recorded only when they go somewhere: with no exporter, a sampled span for every request, Postgres
            // command and Redis call (and the exception text of every canceled command) cost CPU per task and showed
            // nowhere. Our sources still start their activities for any other listener, and a task keeps the trace id
            // of the request that submitted it either way.
            builder.Services.AddHostedService<RedisTracing>();
            telemetry
                .WithTracing(tracing => tracing
                    .AddSource(OurSources, "Npgsql")
                    .AddAspNetCoreInstrumentation(o => o.Filter = http => !IsScrapeOrHealth(http.Request.Path))
                    .AddHttpClientInstrumentation()
                    .AddGrpcClientInstrumentation()
                    .AddRedisInstrumentation())
                .UseOtlpExporter(); // reads OTEL_EXPORTER_OTLP_ENDPOINT, _PROTOCOL and _HEADERS itself
        }

        return builder;
    }

    /// <summary>
    /// <c>/metrics</c> in the Prometheus text format. On the <c>Metrics__Port</c> port it answers anyone; the returned
    /// builder lets the Api ask for an operator key on its other ports.
    /// </summary>
    public static IEndpointConventionBuilder MapTaskRunnerMetrics(this WebApplication app) =>
        app.MapPrometheusScrapingEndpoint(MetricsOptions.Path);

    /// <summary>True when the request came in on the <c>Metrics__Port</c> port.</summary>
    public static bool IsOnMetricsPort(HttpContext http) =>
        http.RequestServices.GetRequiredService<IOptions<MetricsOptions>>().Value.Port is { } port && http.Connection.LocalPort == port;

    private static bool IsScrapeOrHealth(PathString path) =>
        path.StartsWithSegments(MetricsOptions.Path) || path.StartsWithSegments("/health");
}
