using System.Net;
using System.Text;
using TaskRunner.IntegrationTests.Api;
using TaskRunner.IntegrationTests.Infrastructure;

namespace TaskRunner.IntegrationTests.Exercises;

/// <summary>Bad generation and analysis requests get a 4xx problem with a stable code, never a task or a 500.</summary>
[Collection(PlatformCollection.Name)]
public sealed class GenerationRequestValidationTests(PlatformFixture platform)
{
    private readonly TaskRunnerApiClient api = platform.ApiClient;

    public static TheoryData<string, string> BadBodies => new()
    {
        { """{"topic":"光合作用","count":0,"types":["multiple_choice"]}""", "invalid_count" },
        { """{"topic":"光合作用","count":51,"types":["multiple_choice"]}""", "invalid_count" },
        { """{"topic":"光合作用","types":["multiple_choice"]}""", "invalid_count" },
        { """{"topic":"光合作用","count":3,"types":["essay"]}""", "invalid_type" },
        { """{"topic":"光合作用","count":3,"types":[]}""", "invalid_type" },
        { """{"topic":"光合作用","count":3,"types":["true_false"],"difficulty":"brutal"}""", "invalid_difficulty" },
        { """{"topic":"光合作用","count":3,"types":["true_false"],"language":"fr"}""", "invalid_language" },
        { """{"count":3,"types":["true_false"]}""", "material_missing" },
        { """{"topic":"光合作用","count":3,"types":["true_false"]""", "invalid_json" },
        { "", "body_missing" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task Bad_generation_requests_are_400_problems_with_a_code(string body, string code)
    {
        using var response = await api.Http.PostAsync("/api/v1/exercises/generate", new StringContent(body, Encoding.UTF8, "application/json"));
        var problem = await response.Content.ReadAsStringAsync();

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"Expected 400, got {(int)response.StatusCode}: {problem}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains($"\"code\":\"{code}\"", problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_type_problem_lists_the_allowed_types()
    {
        var (status, problem) = await api.PostAsync("/api/v1/exercises/generate", new { topic = "cells", count = 2, types = new[] { "essay" } });

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("multiple_choice, fill_in_blank, true_false, short_answer", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_nonexistent_document_is_a_404_naming_it()
    {
        var missing = Guid.NewGuid();
        var (status, problem) = await api.PostAsync("/api/v1/exercises/generate", new { documentIds = new[] { missing }, count = 2, types = new[] { "true_false" } });
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("document_not_found", problem.GetProperty("code").GetString());
        Assert.Contains(missing.ToString(), problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        var (analyzeStatus, analyzeProblem) = await api.PostAsync("/api/v1/materials/analyze", new { documentId = missing });
        Assert.Equal(HttpStatusCode.NotFound, analyzeStatus);
        Assert.Equal("document_not_found", analyzeProblem.GetProperty("code").GetString());
    }

    [Fact]
    public async Task Analysis_needs_either_text_or_a_document()
    {
        var (status, problem) = await api.PostAsync("/api/v1/materials/analyze", new { text = " " });

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("material_missing", problem.GetProperty("code").GetString());
    }

    [Fact]
    public async Task Missing_exercises_are_404_problems_for_get_and_delete()
    {
        var id = Guid.NewGuid();
        using var get = await api.Http.GetAsync($"/api/v1/exercises/{id}");
        using var delete = await api.Http.DeleteAsync($"/api/v1/exercises/{id}");
        using var submission = await api.Http.GetAsync($"/api/v1/submissions/{id}");

        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, delete.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, submission.StatusCode);
        Assert.Contains("\"code\":\"not_found\"", await delete.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
