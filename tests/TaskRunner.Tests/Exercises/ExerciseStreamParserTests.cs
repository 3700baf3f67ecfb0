using System.Text;
using TaskRunner.Generation.Exercises;

namespace TaskRunner.Tests.Exercises;

public sealed class ExerciseStreamParserTests
{
    // Braces, brackets, escaped quotes and "exercises" inside strings must not confuse the parser.
    private const string Document = """
        {"exercises": [
          {"type": "multiple_choice", "question": "Which set is {1, 2}? Say \"A\" or [B].", "options": [{"key": "A", "text": "{1, 2}"}, {"key": "B", "text": "[1]"}], "answer": "A", "explanation": "The set {1,2}.", "difficulty": "easy", "source_chunks": [1]},
          {"type": "true_false", "question": "光合作用需要光。\\n \"exercises\": [", "options": [], "answer": "对", "explanation": "", "difficulty": "medium", "source_chunks": []},
          {"type": "fill_in_blank", "question": "水的化学式是____。", "options": [], "answer": "H2O|H₂O", "explanation": "水由氢和氧组成。", "difficulty": "hard", "source_chunks": [2, 3]}
        ]}
        """;

    [Fact]
    public void Each_exercise_is_yielded_as_soon_as_its_closing_brace_arrives()
    {
        var parser = new ExerciseStreamParser();
        var yieldedAt = new List<int>();
        for (var i = 0; i < Document.Length; i++)
        {
            foreach (var _ in parser.Feed(Document[i].ToString()))
            {
                yieldedAt.Add(i);
            }
        }

        Assert.Equal(3, yieldedAt.Count);
        Assert.All(yieldedAt, i => Assert.Equal('}', Document[i]));
        // The first item comes out long before the document ends.
        Assert.True(yieldedAt[0] < Document.Length / 2);
        Assert.Empty(parser.Complete());
    }

    [Fact]
    public void Items_are_parsed_and_normalised()
    {
        var items = ExerciseStreamParser.ParseFinal(Document);

        Assert.Equal([0, 1, 2], items.Select(i => i.Index));
        Assert.All(items, i => Assert.Null(i.Error));
        var choice = items[0].Exercise!;
        Assert.Equal(ExerciseType.MultipleChoice, choice.Type);
        Assert.Equal("Which set is {1, 2}? Say \"A\" or [B].", choice.Question);
        Assert.Equal("A", choice.Answer);
        Assert.Equal(Difficulty.Easy, choice.Difficulty);
        Assert.Equal("true", items[1].Exercise!.Answer);
        Assert.Equal([2, 3], items[2].Exercise!.SourceChunkOrdinals);
        Assert.All(items, i => Assert.True(ExerciseValidator.IsValid(i.Exercise!), string.Join(", ", ExerciseValidator.Validate(i.Exercise!))));
    }

    [Fact]
    public void Any_split_of_the_reply_yields_the_same_items()
    {
        var expected = ExerciseStreamParser.ParseFinal(Document).Select(i => i.Exercise).ToList();
        var random = new Random(12345);
        string[] wrappers = ["{0}", "Here you go:\n```json\n{0}\n```\nGood luck!", "Sure! {0}"];
        for (var run = 0; run < 300; run++)
        {
            var text = string.Format(System.Globalization.CultureInfo.InvariantCulture, wrappers[run % wrappers.Length], Document);
            var parser = new ExerciseStreamParser();
            var items = new List<ExerciseParseItem>();
            var position = 0;
            while (position < text.Length)
            {
                var length = Math.Min(text.Length - position, random.Next(1, 40));
                items.AddRange(parser.Feed(text.Substring(position, length)));
                position += length;
            }
            items.AddRange(parser.Complete());

            Assert.Equal(expected.Count, items.Count);
            for (var i = 0; i < expected.Count; i++)
            {
                Assert.Equal(ExerciseJson.Serialize(expected[i]!), ExerciseJson.Serialize(items[i].Exercise!));
            }
        }
    }

    [Fact]
    public void Fences_prose_and_trailing_commas_are_tolerated()
    {
        const string reply = """
            Sure — here are your exercises:

            ```json
            {
              "exercises": [
                {"type": "true_false", "question": "The sun is a star.", "answer": true,},
                {"type": "short_answer", "question": "Why is the sky blue?", "answer": "Rayleigh scattering.",},
              ],
            }
            ```
            Let me know if you need more.
            """;

        var items = ExerciseStreamParser.ParseFinal(reply);

        Assert.Equal(2, items.Count);
        Assert.Equal("true", items[0].Exercise!.Answer);
        Assert.Equal(ExerciseType.ShortAnswer, items[1].Exercise!.Type);
    }

    [Fact]
    public void A_bare_array_with_string_options_is_read()
    {
        const string reply = """[{"type": "multiple-choice", "question": "Capital of France?", "options": ["A. Paris", "B. Rome", "C. Berlin"], "answer": "Paris"}]""";

        var exercise = Assert.Single(ExerciseStreamParser.ParseFinal(reply)).Exercise!;

        Assert.Equal(ExerciseType.MultipleChoice, exercise.Type);
        Assert.Equal(["A", "B", "C"], exercise.Options.Select(o => o.Key));
        Assert.Equal("Paris", exercise.Options[0].Text);
        Assert.Equal("A", exercise.Answer);
    }

    [Fact]
    public void A_nested_wrapper_and_a_single_object_are_read()
    {
        var nested = ExerciseStreamParser.ParseFinal("""{"data": {"questions": [{"question": "2+2=____", "answer": 4}]}}""");
        var single = ExerciseStreamParser.ParseFinal("""Result: {"type": "true_false", "question": "Water boils at 100°C at sea level.", "answer": "yes"}""");

        Assert.Equal(ExerciseType.FillInBlank, Assert.Single(nested).Exercise!.Type);
        Assert.Equal("4", nested[0].Exercise!.Answer);
        Assert.Equal("true", Assert.Single(single).Exercise!.Answer);
    }

    [Fact]
    public void A_malformed_item_is_reported_and_the_rest_still_parse()
    {
        const string reply = """{"exercises": [{"type": "true_false", "question": "ok", "answer": "false"}, {"type": "true_false", "question": oops}, {"type": "mystery", "question": "q", "answer": "a"}, {"type": "true_false", "question": "fine", "answer": "no"}]}""";

        var items = ExerciseStreamParser.ParseFinal(reply);

        Assert.Equal(4, items.Count);
        Assert.True(items[0].IsParsed);
        Assert.Contains("invalid JSON", items[1].Error, StringComparison.Ordinal);
        Assert.Equal("unknown exercise type", items[2].Error);
        Assert.Equal("false", items[3].Exercise!.Answer);
    }

    [Fact]
    public void A_reply_cut_short_reports_the_unfinished_item()
    {
        var parser = new ExerciseStreamParser();
        var first = parser.Feed("""{"exercises": [{"type": "true_false", "question": "a", "answer": "true"}, {"type": "true_fa""");

        var rest = parser.Complete();

        Assert.Single(first);
        Assert.Contains("incomplete", Assert.Single(rest).Error, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_list_is_not_an_error_but_no_json_is()
    {
        Assert.Empty(ExerciseStreamParser.ParseFinal("""{"exercises": []}"""));
        Assert.NotNull(Assert.Single(ExerciseStreamParser.ParseFinal("I cannot help with that.")).Error);
    }

    [Fact]
    public void Splitting_inside_escapes_and_surrogates_is_safe()
    {
        var text = new StringBuilder("""{"exercises":[{"type":"short_answer","question":"Emoji 😀 and \\ \" quote","answer":"x"}]}""").ToString();
        var parser = new ExerciseStreamParser();
        var items = text.Select(c => parser.Feed(c.ToString())).SelectMany(x => x).ToList();

        Assert.Equal("Emoji 😀 and \\ \" quote", Assert.Single(items).Exercise!.Question);
    }
}
