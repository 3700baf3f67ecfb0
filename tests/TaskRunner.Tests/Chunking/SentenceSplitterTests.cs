using TaskRunner.Ingestion.Chunking;

namespace TaskRunner.Tests.Chunking;

public class SentenceSplitterTests
{
    [Fact]
    public void English_splits_after_terminators_but_not_after_abbreviations_initials_or_decimals()
    {
        var sentences = SentenceSplitter.Split("Use water, e.g. rain. Pi is 3.14 today! Is it? Dr. Smith and J. Lee agree... \"Yes.\" The end");

        Assert.Equal(
            ["Use water, e.g. rain.", "Pi is 3.14 today!", "Is it?", "Dr. Smith and J. Lee agree...", "\"Yes.\"", "The end"],
            sentences.Select(s => s.Text));
        Assert.All(sentences.Skip(1), s => Assert.Equal(" ", s.Separator));
    }

    [Fact]
    public void Chinese_splits_after_each_terminator_and_keeps_closing_quotes_with_the_sentence()
    {
        var sentences = SentenceSplitter.Split("你好。世界！真的吗？是的；他说：“好的。”然后……结束");

        Assert.Equal(["你好。", "世界！", "真的吗？", "是的；", "他说：“好的。”", "然后……", "结束"], sentences.Select(s => s.Text));
        Assert.All(sentences, s => Assert.Equal(string.Empty, s.Separator));
    }

    [Fact]
    public void A_line_break_inside_a_sentence_does_not_end_it_but_separates_after_a_terminator()
    {
        var sentences = SentenceSplitter.Split("Plants make\nsugar. Cells\nbreathe.\nNext line");

        Assert.Equal(
            [new Sentence("Plants make\nsugar.", string.Empty), new Sentence("Cells\nbreathe.", " "), new Sentence("Next line", "\n")],
            sentences);
    }
}
