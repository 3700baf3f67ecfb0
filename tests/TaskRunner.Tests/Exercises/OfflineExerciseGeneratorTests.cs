using TaskRunner.Generation.Exercises;
using TaskRunner.Generation.Offline;

namespace TaskRunner.Tests.Exercises;

public sealed class OfflineExerciseGeneratorTests
{
    private static readonly ExerciseType[] AllTypes = Enum.GetValues<ExerciseType>();

    public static TheoryData<string, int> Materials => new() { { "zh", 1 }, { "zh", 2 }, { "zh", 3 }, { "en", 1 }, { "en", 2 }, { "en", 3 } };

    private static List<string> Material(string language, int seed) =>
        language == "zh" ? TeachingMaterial.Chinese(seed) : TeachingMaterial.English(seed);

    [Theory]
    [MemberData(nameof(Materials))]
    public void It_makes_the_requested_number_of_valid_exercises_of_the_requested_types(string language, int seed)
    {
        var request = new ExerciseRequest(null, null, Material(language, seed), 10, AllTypes, Difficulty.Medium, language);

        var result = new OfflineExerciseGenerator(seed).Generate(request);

        Assert.Equal("offline", result.Generator);
        Assert.Equal(10, result.Exercises.Count);
        Assert.All(result.Exercises, e => Assert.Empty(ExerciseValidator.Validate(e)));
        var expected = ExercisePlan.Distribute(10, AllTypes).ToDictionary(p => p.Type, p => p.Count);
        Assert.Equal(expected, result.Exercises.GroupBy(e => e.Type).ToDictionary(g => g.Key, g => g.Count()));
        Assert.Equal(10, result.Exercises.Select(e => e.Question).Distinct().Count());
        Assert.All(result.Exercises, e => Assert.InRange(Assert.Single(e.SourceChunkOrdinals), 1, request.ContextChunks.Count));
    }

    [Theory]
    [MemberData(nameof(Materials))]
    public void Multiple_choice_answers_are_in_the_material_and_distractors_are_other_terms(string language, int seed)
    {
        var chunks = Material(language, seed);
        var request = new ExerciseRequest(null, null, chunks, 8, [ExerciseType.MultipleChoice], Difficulty.Easy, language);

        var result = new OfflineExerciseGenerator(seed).Generate(request);

        Assert.Equal(8, result.Exercises.Count);
        foreach (var exercise in result.Exercises)
        {
            Assert.InRange(exercise.Options.Count, 2, 4);
            var answer = exercise.Options.Single(o => o.Key == exercise.Answer).Text;
            Assert.Contains(answer, chunks[exercise.SourceChunkOrdinals[0] - 1], StringComparison.Ordinal);
            Assert.Contains("____", exercise.Question, StringComparison.Ordinal);
            Assert.DoesNotContain(answer, exercise.Question, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_same_seed_gives_the_same_exercises()
    {
        var request = new ExerciseRequest(null, null, TeachingMaterial.Chinese(7), 6, AllTypes, Difficulty.Hard, "zh");

        var first = new OfflineExerciseGenerator(42).Generate(request).Exercises.Select(ExerciseJson.Serialize);
        var second = new OfflineExerciseGenerator(42).Generate(request).Exercises.Select(ExerciseJson.Serialize);

        Assert.Equal(first, second);
    }

    [Fact]
    public void Pasted_text_is_used_and_questions_follow_the_requested_language()
    {
        var request = new ExerciseRequest("Biology", string.Join(" ", TeachingMaterial.English(5)), [], 4, [ExerciseType.TrueFalse, ExerciseType.FillInBlank], Difficulty.Medium, "en");

        var result = new OfflineExerciseGenerator().Generate(request);

        Assert.Equal(4, result.Exercises.Count);
        Assert.All(result.Exercises, e => Assert.True(e.Question.StartsWith("True or false", StringComparison.Ordinal) || e.Question.StartsWith("Fill in", StringComparison.Ordinal)));
    }

    [Fact]
    public void No_material_gives_no_exercises_rather_than_an_error()
    {
        var result = new OfflineExerciseGenerator().Generate(new ExerciseRequest("Topic only", null, [], 5, AllTypes, Difficulty.Easy, "en"));

        Assert.Empty(result.Exercises);
    }

    [Theory]
    [InlineData("zh")]
    [InlineData("en")]
    public void The_offline_analyzer_summarises_from_the_material(string language)
    {
        var chunks = Material(language, 11);

        var analysis = OfflineMaterialAnalyzer.Analyze(chunks);

        Assert.NotEmpty(analysis.Summary);
        Assert.InRange(analysis.KeyPoints.Count, 1, 5);
        Assert.All(analysis.KeyPoints, p => Assert.Contains(chunks, c => c.Contains(p, StringComparison.Ordinal)));
        Assert.Contains(ExerciseType.MultipleChoice, analysis.SuggestedTypes);
        Assert.Contains(ExerciseType.FillInBlank, analysis.SuggestedTypes);
    }
}
