using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using TaskRunner.IntegrationTests.Api;
using TaskRunner.IntegrationTests.Infrastructure;
using TaskRunner.IntegrationTests.Prompts;

namespace TaskRunner.IntegrationTests.Security;

/// <summary>
/// Every route the Api maps, read from its endpoint data source: a route that names a tenant resource answers 404 to
/// another tenant's key (and leaves the resource alone); a route without one must be listed below with the reason it
/// cannot leak. A new endpoint therefore fails this test until it is placed in one of the two tables.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class TenantRouteIsolationTests(PlatformFixture platform)
{
    /// <summary>The resource a route's <c>{id}</c> names, by the route's first segment after <c>/api/v1/</c>. Add new resources here.</summary>
    private static readonly Dictionary<string, Func<OwnerResources, Guid>> ResourceOfSegment = new(StringComparer.Ordinal)
    {
        ["tasks"] = r => r.TaskId,
        ["documents"] = r => r.DocumentId,
        ["exercises"] = r => r.ExerciseId,
        ["submissions"] = r => r.SubmissionId,
        ["batches"] = r => r.BatchId,
    };

    /// <summary>Bodies for routes with an id that need one to get past validation to the tenant check.</summary>
    private static readonly Dictionary<string, object> BodyOf = new(StringComparer.Ordinal)
    {
        ["POST /api/v1/exercises/{id}/submissions"] = new { answer = "true" },
    };

    /// <summary>Routes with no tenant resource in their path, and why another tenant's key cannot reach this tenant's data through them.</summary>
    private static readonly Dictionary<string, string> WithoutTenantResource = new(StringComparer.Ordinal)
    {
        ["GET /api/v1/tasks"] = "lists the caller's tenant only (checked below)",
        ["POST /api/v1/tasks"] = "creates a prompt task in the caller's tenant",
        ["GET /api/v1/documents"] = "lists the caller's tenant only (checked below)",
        ["POST /api/v1/documents"] = "uploads into the caller's tenant; deduplication never crosses tenants (TenantIsolationTests)",
        ["GET /api/v1/exercises"] = "lists the caller's tenant only (checked below)",
        ["POST /api/v1/exercises/generate"] = "another tenant's document ids answer 404 (TenantIsolationTests)",
        ["POST /api/v1/materials/analyze"] = "another tenant's document id answers 404 (TenantIsolationTests)",
        ["POST /api/v1/search"] = "searches the caller's tenant only (TenantIsolationTests)",
        ["POST /api/v1/batches"] = "creates a batch in the caller's tenant",
        ["POST /api/v1/admin/reconcile"] = "tenant admin keys only, and it reconciles the caller's tenant",
        ["POST /api/v1/diagnostics/noop"] = "operator keys only (checked below); the task belongs to the caller's tenant",
        ["GET /api/v1/llm/stats"] = "platform-wide LLM counters, no tenant data",
        ["POST /api/v1/chat"] = "answers from the caller's tenant only; another tenant's document ids answer 404 (ChatTests)",
        ["GET /api/v1/usage"] = "sums the caller's tenant only (EtaAndCostTests)",
        ["POST /api/v1/admin/keys"] = "operator keys only, a tenant key gets 403 (CliTests): platform administration",
        ["GET /api/v1/admin/keys"] = "operator keys only, a tenant key gets 403 (CliTests): platform administration",
        ["DELETE /api/v1/admin/keys/{id}"] = "operator keys only, a tenant key gets 403 (CliTests): platform administration",
        ["PUT /api/v1/admin/keys/{id}/limits"] = "operator keys only, a tenant admin key gets 403 (ApiKeyLimitsValidationTests): platform administration",
        ["POST /mcp"] = "MCP tools act in the caller's tenant only (McpEndpointTests)",
        ["* /metrics"] = "operator keys only (MetricsTests); platform-wide counters with no tenant or task labels",
        ["* /health/live"] = "liveness, no data",
        ["* /health/ready"] = "readiness, no data",
        ["GET /openapi/{documentName}.json"] = "the API description",
        ["GET /docs/{documentName?}"] = "the API reference page",
        ["GET /docs/favicon.svg"] = "a static file of the API reference",
        ["GET /docs/scalar.js"] = "a static file of the API reference",
        ["GET /docs/scalar.aspnetcore.js"] = "a static file of the API reference",
        ["GET /hangfire/sign-in"] = "the operator sign-in form",
        ["POST /hangfire/sign-in"] = "signs in operator keys only (DashboardAccessTests)",
        ["* /hangfire/{**path}"] = "the Hangfire dashboard: operator keys only, a tenant's key gets 403 (checked below)",
    };

    [Fact]
    public async Task Every_route_with_a_tenant_resource_answers_404_to_another_tenant_and_every_other_route_is_listed()
    {
        var owner = await CreateOwnerResourcesAsync();
        using var otherClient = await platform.CreateClientAsync($"iso-other-{Guid.NewGuid():N}"[..24], admin: true);
        var routes = Routes();
        var unlisted = new List<string>();
        var leaks = new List<string>();
        var tried = 0;
        foreach (var (method, pattern) in routes)
        {
            var route = $"{method} {pattern}";
            if (WithoutTenantResource.ContainsKey(route))
            {
                continue;
            }

            if (!pattern.Contains("{id", StringComparison.Ordinal))
            {
                if (!WithoutTenantResource.ContainsKey(route) && !WithoutTenantResource.ContainsKey($"* {pattern}"))
                {
                    unlisted.Add(route);
                }

                continue;
            }

            var segment = pattern.Split('/', StringSplitOptions.RemoveEmptyEntries).ElementAtOrDefault(2) ?? "";
            if (!pattern.StartsWith("/api/v1/", StringComparison.Ordinal) || !ResourceOfSegment.TryGetValue(segment, out var idOf))
            {
                unlisted.Add(route);
                continue;
            }

            var url = pattern.Replace("{id}", idOf(owner).ToString(), StringComparison.Ordinal);
            using var request = new HttpRequestMessage(new HttpMethod(method), url);
            if (method is "POST" or "PUT" or "PATCH")
            {
                request.Content = JsonContent.Create(BodyOf.GetValueOrDefault(route) ?? new { });
            }

            using var response = await otherClient.SendAsync(request);
            tried++;
            if (response.StatusCode != HttpStatusCode.NotFound)
            {
                leaks.Add($"{route} answered {(int)response.StatusCode}");
            }
        }

        Assert.True(unlisted.Count == 0, "Routes in neither table (add a resource to ResourceOfSegment or a reason to WithoutTenantResource): " + string.Join("; ", unlisted));
        Assert.True(leaks.Count == 0, "Routes that answered another tenant's key with something else than 404: " + string.Join("; ", leaks));
        Assert.True(tried >= 15, $"Only {tried} routes with a tenant resource were tried; the endpoint list looks incomplete.");

        // Nothing another tenant sent (DELETE included) touched the owner's resources.
        var api = platform.ApiClient;
        foreach (var url in new[] { $"/api/v1/tasks/{owner.TaskId}", $"/api/v1/documents/{owner.DocumentId}", $"/api/v1/exercises/{owner.ExerciseId}", $"/api/v1/submissions/{owner.SubmissionId}", $"/api/v1/batches/{owner.BatchId}" })
        {
            await api.GetJsonAsync(url);
        }

        var other = new TaskRunnerApiClient(otherClient);
        foreach (var list in new[] { "/api/v1/tasks?pageSize=100", "/api/v1/documents?pageSize=100", "/api/v1/exercises?pageSize=100" })
        {
            Assert.Empty((await other.GetJsonAsync(list)).GetProperty("items").EnumerateArray());
        }

        Assert.Equal(HttpStatusCode.Forbidden, (await otherClient.GetAsync("/hangfire")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await otherClient.PostAsJsonAsync("/api/v1/diagnostics/noop", new { durationMs = 0 })).StatusCode);
    }

    /// <summary>(method, pattern) of every endpoint the Api maps, with route constraints dropped (<c>{id:guid}</c> → <c>{id}</c>).</summary>
    private List<(string Method, string Pattern)> Routes()
    {
        var sources = platform.ApiServices.GetServices<EndpointDataSource>();
        var routes = new List<(string, string)>();
        foreach (var endpoint in sources.SelectMany(s => s.Endpoints).OfType<RouteEndpoint>())
        {
            var pattern = "/" + string.Join('/', endpoint.RoutePattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
            {
                Microsoft.AspNetCore.Routing.Patterns.RoutePatternLiteralPart literal => literal.Content,
                Microsoft.AspNetCore.Routing.Patterns.RoutePatternParameterPart parameter =>
                    "{" + (parameter.IsCatchAll ? "**" : "") + parameter.Name + (parameter.IsOptional ? "?" : "") + "}",
                Microsoft.AspNetCore.Routing.Patterns.RoutePatternSeparatorPart separator => separator.Content,
                _ => "",
            }))));
            var methods = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["*"];
            routes.AddRange(methods.Select(m => (m, pattern)));
        }

        return routes.Distinct().OrderBy(r => r.Item2, StringComparer.Ordinal).ToList();
    }

    private async Task<OwnerResources> CreateOwnerResourcesAsync()
    {
        var owner = platform.ApiClient;
        var accepted = await owner.UploadAcceptedAsync(Encoding.UTF8.GetBytes($"Lesson {Guid.NewGuid()}: the heart pumps blood through the body."), "owned.txt");
        var taskId = accepted.GetProperty("taskId").GetGuid();
        Assert.Equal("succeeded", (await owner.WaitForFinalAsync(taskId)).GetProperty("status").GetString());
        var documentId = accepted.GetProperty("documentId").GetGuid();

        using var generate = await owner.Http.PostAsJsonAsync("/api/v1/exercises/generate", new { documentIds = new[] { documentId }, count = 1, types = new[] { "true_false" }, language = "en" });
        var generation = (await generate.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("taskId").GetGuid();
        Assert.Equal("succeeded", (await owner.WaitForFinalAsync(generation)).GetProperty("status").GetString());
        var exerciseId = (await owner.GetJsonAsync($"/api/v1/exercises?taskId={generation}")).GetProperty("items")[0].GetProperty("id").GetGuid();

        using var submit = await owner.Http.PostAsJsonAsync($"/api/v1/exercises/{exerciseId}/submissions", new { answer = "true" });
        var submission = await submit.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(submit.IsSuccessStatusCode, submission.ToString());
        var submissionId = submission.TryGetProperty("submissionId", out var sid) ? sid.GetGuid() : submission.GetProperty("id").GetGuid();

        var batch = await owner.SubmitBatchAsync(new { items = new[] { new { prompt = "Say hello." } } });
        await owner.WaitForFinalAsync(batch.TaskId);
        return new OwnerResources(taskId, documentId, exerciseId, submissionId, batch.BatchId);
    }

    private sealed record OwnerResources(Guid TaskId, Guid DocumentId, Guid ExerciseId, Guid SubmissionId, Guid BatchId);
}
