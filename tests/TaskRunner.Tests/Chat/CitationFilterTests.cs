using TaskRunner.Generation.Chat;

namespace TaskRunner.Tests.Chat;

public sealed class CitationFilterTests
{
    [Fact]
    public void Markers_of_listed_passages_stay_and_others_are_removed_with_their_space()
    {
        var (answer, cited) = CitationFilter.Apply("Leaves hold chloroplasts [2]. Magma rises [7]. Both [1][9].", passageCount: 3);

        Assert.Equal("Leaves hold chloroplasts [2]. Magma rises. Both [1].", answer);
        Assert.Equal([2, 1], cited);
    }

    [Fact]
    public void Grouped_markers_keep_only_listed_numbers_and_each_citation_counts_once()
    {
        var (answer, cited) = CitationFilter.Apply("光合作用[1, 4, 2]。再说一次 [2]。", passageCount: 2);

        Assert.Equal("光合作用[1][2]。再说一次 [2]。", answer);
        Assert.Equal([1, 2], cited);
    }

    [Fact]
    public void An_answer_without_passages_keeps_no_marker()
    {
        var (answer, cited) = CitationFilter.Apply("I cannot tell [1].", passageCount: 0);

        Assert.Equal("I cannot tell.", answer);
        Assert.Empty(cited);
    }
}
