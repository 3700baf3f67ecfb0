using System.Net;
using TaskRunner.IntegrationTests.Api;
using TaskRunner.IntegrationTests.Infrastructure;
using TaskRunner.Testing.OpenAi;

namespace TaskRunner.IntegrationTests.Exercises;

[Collection(PlatformCollection.Name)]
public sealed class MaterialAnalysisTests(PlatformFixture platform)
{
    private readonly TaskRunnerApiClient api = platform.ApiClient;

    [Fact]
    public async Task Pasted_text_is_analysed_by_the_llm_and_the_result_says_so()
    {
        platform.Llm.ResetCounters();
        platform.Llm.Enqueue(ScriptedReply.Content(
            """{"summary":"Plants turn light into chemical energy.","key_points":["Chloroplasts","Glucose"],"difficulty":"easy","suggested_types":["multiple_choice","true_false"]}""",
            pieces: 3));

        var (status, task) = await api.PostAsync("/api/v1/materials/analyze", new { text = Lesson.English(7) });
        Assert.Equal(HttpStatusCode.Accepted, status);
        Assert.Equal("material.analyze", task.GetProperty("type").GetString());
        var result = (await api.SucceededAsync(task.GetProperty("taskId").GetGuid())).GetProperty("result");

        Assert.Equal("llm", result.GetProperty("analyzer").GetString());
        Assert.Equal("en", result.GetProperty("language").GetString());
        Assert.Equal("Plants turn light into chemical energy.", result.GetProperty("summary").GetString());
        Assert.Equal(["Chloroplasts", "Glucose"], result.GetProperty("keyPoints").EnumerateArray().Select(k => k.GetString()));
        Assert.Equal("easy", result.GetProperty("difficulty").GetString());
        Assert.Equal(["multiple_choice", "true_false"], result.GetProperty("suggestedTypes").EnumerateArray().Select(k => k.GetString()));
        Assert.Equal("material_analysis", Assert.Single(platform.Llm.Requests).JsonSchemaName);
    }

    [Fact]
    public async Task A_deleted_exercise_is_gone_and_deleting_it_again_is_a_404()
    {
        var taskId = await api.GenerateAcceptedAsync(new { topic = "Cells", count = 2, types = new[] { "multiple_choice" }, language = "en" });
        await api.SucceededAsync(taskId);
        var id = (await api.ExercisesOfTaskAsync(taskId))[0].GetProperty("id").GetGuid();

        using var deleted = await api.Http.DeleteAsync($"/api/v1/exercises/{id}");
        using var again = await api.Http.DeleteAsync($"/api/v1/exercises/{id}");
        using var get = await api.Http.GetAsync($"/api/v1/exercises/{id}");

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        Assert.Single(await api.ExercisesOfTaskAsync(taskId));
    }
}
