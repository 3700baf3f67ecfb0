using System.Net;
using System.Text;
using TaskRunner.IntegrationTests.Api;
using TaskRunner.IntegrationTests.Infrastructure;
using TaskRunner.Generation.Exercises;

namespace TaskRunner.IntegrationTests.Exercises;

/// <summary>With no LLM configured the same endpoints still work, offline, and say so.</summary>
[Collection(PlatformCollection.Name)]
public sealed class OfflineGenerationTests(PlatformFixture platform)
{
    private static readonly Dictionary<string, string?> NoLlm = new() { ["Llm:BaseUrl"] = "" };

    private readonly TaskRunnerApiClient api = platform.ApiClient;

    [Fact]
    public async Task Without_an_llm_a_chinese_document_yields_usable_offline_exercises_analysis_and_grading()
    {
        await platform.StopInProcessWorkersAsync();
        await platform.StartWorkerAsync(settings: NoLlm);
        platform.Llm.ResetCounters();
        try
        {
            var upload = await api.UploadAcceptedAsync(Encoding.UTF8.GetBytes(Lesson.Chinese(42, paragraphs: 8)), "光合作用.txt", "光合作用");
            await api.SucceededAsync(upload.GetProperty("taskId").GetGuid());
            var documentId = upload.GetProperty("documentId").GetGuid();

            var taskId = await api.GenerateAcceptedAsync(new
            {
                topic = "光合作用", documentIds = new[] { documentId }, count = 6,
                types = new[] { "multiple_choice", "fill_in_blank", "true_false", "short_answer" }, language = "zh",
            });
            var result = (await api.SucceededAsync(taskId)).GetProperty("result");

            Assert.Equal("offline", result.GetProperty("generator").GetString());
            Assert.True(result.GetProperty("generated").GetInt32() >= 4, $"Too few offline exercises: {result}");
            var saved = await api.ExercisesOfTaskAsync(taskId);
            Assert.Equal(result.GetProperty("generated").GetInt32(), saved.Count);
            Assert.All(saved, e => Assert.True(ExerciseValidator.IsValid(ExerciseApiExtensions.ToGenerated(e)), e.ToString()));
            Assert.All(saved, e => Assert.Equal("offline", e.GetProperty("generator").GetString()));
            Assert.Contains(saved, e => e.GetProperty("question").GetString()!.Any(c => c is >= '\u4e00' and <= '\u9fff'));
            var byDocument = await api.GetJsonAsync($"/api/v1/exercises?documentId={documentId}");
            Assert.Equal(saved.Count, byDocument.GetProperty("total").GetInt32());

            var shortAnswer = saved.FirstOrDefault(e => e.GetProperty("type").GetString() == "short_answer");
            if (shortAnswer.ValueKind != System.Text.Json.JsonValueKind.Undefined)
            {
                var (status, task) = await api.PostAsync($"/api/v1/exercises/{shortAnswer.GetProperty("id").GetGuid()}/submissions",
                    new { answer = shortAnswer.GetProperty("answer").GetString() });
                Assert.Equal(HttpStatusCode.Accepted, status);
                var grade = (await api.SucceededAsync(task.GetProperty("taskId").GetGuid())).GetProperty("result");
                Assert.Equal("offline", grade.GetProperty("grader").GetString());
                Assert.Equal(1.0, grade.GetProperty("score").GetDouble(), 3);
            }

            var (analyzeStatus, analyzeTask) = await api.PostAsync("/api/v1/materials/analyze", new { documentId });
            Assert.Equal(HttpStatusCode.Accepted, analyzeStatus);
            var analysis = (await api.SucceededAsync(analyzeTask.GetProperty("taskId").GetGuid())).GetProperty("result");
            Assert.Equal("offline", analysis.GetProperty("analyzer").GetString());
            Assert.Equal("zh", analysis.GetProperty("language").GetString());
            Assert.False(string.IsNullOrWhiteSpace(analysis.GetProperty("summary").GetString()));
            Assert.NotEmpty(analysis.GetProperty("keyPoints").EnumerateArray());

            Assert.Equal(0, platform.Llm.TotalRequests);
        }
        finally
        {
            await platform.StopInProcessWorkersAsync();
            await platform.EnsureWorkerAsync();
        }
    }

    [Fact]
    public async Task Offline_generation_from_only_a_topic_fails_with_a_clear_code()
    {
        await platform.StopInProcessWorkersAsync();
        await platform.StartWorkerAsync(settings: NoLlm);
        try
        {
            var taskId = await api.GenerateAcceptedAsync(new { topic = "光合作用", count = 3, types = new[] { "multiple_choice" } });
            var task = await api.WaitForFinalAsync(taskId);

            Assert.Equal("failed", task.GetProperty("status").GetString());
            Assert.Equal("no_exercises_generated", task.GetProperty("error").GetProperty("code").GetString());
        }
        finally
        {
            await platform.StopInProcessWorkersAsync();
            await platform.EnsureWorkerAsync();
        }
    }
}
