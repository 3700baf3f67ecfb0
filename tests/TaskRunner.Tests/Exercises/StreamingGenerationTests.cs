using System.Text.Json;
using TaskRunner.Generation.Exercises;
using TaskRunner.Testing.OpenAi;
using TaskRunner.Tests.Llm;
using TaskRunner.Generation.Offline;

namespace TaskRunner.Tests.Exercises;

/// <summary>The way the generation job combines the pieces: stream from the LLM, parse as it arrives, start over on a restart.</summary>
public sealed class StreamingGenerationTests
{
    private static readonly ExerciseRequest Request = new(
        "Photosynthesis", null, TeachingMaterial.English(3), 6, [ExerciseType.MultipleChoice, ExerciseType.TrueFalse, ExerciseType.FillInBlank], Difficulty.Medium, "en");

    [Fact]
    public async Task A_default_reply_streams_the_requested_number_of_valid_exercises()
    {
        await using var server = await OpenAiTestServer.StartAsync(ct: CancellationToken.None);

        var saved = await GenerateAsync(server);

        Assert.Equal(6, saved.Count);
        Assert.All(saved, e => Assert.True(ExerciseValidator.IsValid(e)));
        var request = Assert.Single(server.Requests);
        Assert.Equal("json_schema", request.ResponseFormatType);
        Assert.Equal(ExerciseSchema.Name, request.JsonSchemaName);
    }

    [Fact]
    public async Task A_rate_limit_then_success_yields_exactly_one_set()
    {
        await using var server = await OpenAiTestServer.StartAsync(ct: CancellationToken.None);
        server.Enqueue(ScriptedReply.RateLimited("0.1"));

        var saved = await GenerateAsync(server);

        Assert.Equal(6, saved.Count);
        Assert.Equal(2, server.TotalRequests);
    }

    [Fact]
    public async Task A_stream_cut_after_some_exercises_yields_exactly_one_set()
    {
        await using var server = await OpenAiTestServer.StartAsync(ct: CancellationToken.None);
        var offline = new OfflineExerciseGenerator(3).Generate(Request).Exercises;
        var document = JsonSerializer.Serialize(new { exercises = offline }, ExerciseJson.Options);
        server.Enqueue(ScriptedReply.CutMidway(document, pieces: 20, piecesBeforeCut: 14), ScriptedReply.Content(document, pieces: 20));

        var saved = await GenerateAsync(server);

        Assert.Equal(offline.Select(ExerciseJson.Serialize), saved.Select(ExerciseJson.Serialize));
    }

    /// <summary>Saves each valid exercise as it completes; a restart deletes what the failed attempt saved.</summary>
    private static async Task<List<GeneratedExercise>> GenerateAsync(OpenAiTestServer server)
    {
        var client = LlmTestClient.Create(server);
        var saved = new List<GeneratedExercise>();
        var parser = new ExerciseStreamParser();
        await client.StreamChatAsync(
            ExercisePromptBuilder.Build(Request),
            (delta, _) =>
            {
                saved.AddRange(parser.Feed(delta).Where(i => i.Exercise is not null && ExerciseValidator.IsValid(i.Exercise)).Select(i => i.Exercise!));
                return ValueTask.CompletedTask;
            },
            (_, _) =>
            {
                saved.Clear();
                parser = new ExerciseStreamParser();
                return ValueTask.CompletedTask;
            },
            CancellationToken.None);
        Assert.Empty(parser.Complete());
        return saved;
    }
}
