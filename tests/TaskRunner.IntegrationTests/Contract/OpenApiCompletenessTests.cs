using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using TaskRunner.IntegrationTests.Infrastructure;

namespace TaskRunner.IntegrationTests.Contract;

/// <summary>
/// Every /api endpoint the Api maps (read from its endpoint data source, not from the document) is in the document with
/// a summary, a documented success body, problem-details errors with examples, an example of every request body and
/// of a 202 answer and, when it needs a key, the bearer requirement.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class OpenApiCompletenessTests(PlatformFixture platform)
{
    [Fact]
    public async Task Every_api_endpoint_is_documented_with_summary_responses_examples_and_security()
    {
        var document = await OpenApiDocument.FetchAsync(platform.Client);
        var paths = document["paths"]!.AsObject();
        var endpoints = platform.ApiServices.GetServices<EndpointDataSource>().SelectMany(s => s.Endpoints).OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []).Select(m => (Endpoint: e, Method: m)))
            .ToList();
        Assert.True(endpoints.Count > 20, $"only {endpoints.Count} /api endpoints found");

        var missing = new List<string>();
        foreach (var (endpoint, method) in endpoints)
        {
            var path = OpenApiPath(endpoint.RoutePattern.RawText!);
            var name = $"{method} {path}";
            if (paths[path]?[method.ToLowerInvariant()] is not JsonObject operation)
            {
                missing.Add($"{name}: not in the document");
                continue;
            }

            if (string.IsNullOrWhiteSpace(operation["summary"]?.GetValue<string>()))
            {
                missing.Add($"{name}: no summary");
            }

            var responses = operation["responses"]!.AsObject();
            var success = responses.Where(r => r.Key.StartsWith('2')).ToList();
            if (success.Count == 0 || success.Any(r => r.Key != "204" && r.Value?["content"] is null))
            {
                missing.Add($"{name}: a 2xx answer without a documented body");
            }

            foreach (var (status, response) in responses.Where(r => r.Key[0] is '4' or '5'))
            {
                var problem = response?["content"]?["application/problem+json"];
                if (problem?["schema"]?["$ref"]?.GetValue<string>() != "#/components/schemas/ProblemDetails")
                {
                    missing.Add($"{name}: {status} is not a problem-details answer");
                }
                else if (problem["example"]?["status"]?.ToString() != status || string.IsNullOrEmpty(problem["example"]?["code"]?.GetValue<string>()))
                {
                    missing.Add($"{name}: {status} has no problem example with its status and a code");
                }
            }

            foreach (var (mediaType, media) in operation["requestBody"]?["content"]?.AsObject() ?? [])
            {
                if (media?["example"] is null && media?["examples"] is null)
                {
                    missing.Add($"{name}: its {mediaType} request body has no example");
                }
            }

            if (responses["202"]?["content"]?["application/json"] is JsonObject accepted && accepted["example"] is null)
            {
                missing.Add($"{name}: its 202 answer has no example");
            }

            if (!responses.Any(r => r.Key[0] == '4'))
            {
                missing.Add($"{name}: no 4xx answer");
            }

            var needsKey = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Any() && endpoint.Metadata.GetMetadata<IAllowAnonymous>() is null;
            var bearer = operation["security"]?.AsArray().Any(r => r?["bearer"] is not null) == true;
            if (needsKey != bearer)
            {
                missing.Add($"{name}: needs a key = {needsKey} but bearer security documented = {bearer}");
            }
        }

        Assert.True(missing.Count == 0, string.Join('\n', missing));
        Assert.Equal("http", document["components"]!["securitySchemes"]!["bearer"]!["type"]!.GetValue<string>());
        Assert.DoesNotContain(document["servers"]!.AsArray(), s => s!["url"]!.GetValue<string>().EndsWith('/'));
    }

    [Fact]
    public async Task Upload_documents_its_multipart_body()
    {
        var document = await OpenApiDocument.FetchAsync(platform.Client);
        var body = document["paths"]!["/api/v1/documents"]!["post"]!["requestBody"]!["content"]!["multipart/form-data"]!["schema"]!;
        Assert.Equal("binary", body["properties"]!["file"]!["format"]!.GetValue<string>());
        Assert.Contains("file", body["required"]!.AsArray().Select(n => n!.GetValue<string>()));
    }

    /// <summary>"/api/v1/tasks/{id:guid}/" → "/api/v1/tasks/{id}".</summary>
    private static string OpenApiPath(string route)
    {
        var path = System.Text.RegularExpressions.Regex.Replace(route, @"\{(\w+)(:[^}]*)?\}", "{$1}");
        return path.Length > 1 ? path.TrimEnd('/') : path;
    }
}
