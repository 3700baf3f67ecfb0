using TaskRunner.Retrieval;

namespace TaskRunner.Tests.Retrieval;

public class RankFusionTests
{
    private static readonly Guid A = new("00000000-0000-0000-0000-00000000000a");
    private static readonly Guid B = new("00000000-0000-0000-0000-00000000000b");
    private static readonly Guid C = new("00000000-0000-0000-0000-00000000000c");

    private static ((Guid, int), double)[] Ranked(params (Guid Id, double Score)[] hits) => hits.Select(h => ((h.Id, 0), h.Score)).ToArray();

    [Fact]
    public void Relative_fusion_lets_a_clear_vector_winner_beat_a_chunk_that_only_ranks_well_on_both_sides()
    {
        // Vector: A is far ahead. Keyword: B and A match almost equally. RRF would put B (2nd + 1st) above A (1st + 2nd... tie broken by id).
        var vector = Ranked((A, 0.62), (B, 0.20), (C, 0.18));
        var keyword = Ranked((B, 2.4), (A, 2.3), (C, 1.1));

        var fused = RankFusion.Fuse(vector, keyword, new RetrievalOptions());

        Assert.Equal(A, fused.MaxBy(f => f.Value.Score).Key.DocumentId);
        Assert.Equal((1, 2), (fused[(A, 0)].VectorRank!.Value, fused[(A, 0)].KeywordRank!.Value));
        Assert.Equal(0.6 * 1 + (0.4 * (2.3 - 1.1) / (2.4 - 1.1)), fused[(A, 0)].Score, 6);
    }

    [Fact]
    public void A_near_tie_on_the_vector_side_is_decided_by_the_keyword_side()
    {
        // C is only just ahead of A by cosine; A is the clear keyword match.
        var vector = Ranked((C, 0.50), (A, 0.49), (B, 0.10));
        var keyword = Ranked((A, 3.5), (B, 1.2));

        var fused = RankFusion.Fuse(vector, keyword, new RetrievalOptions());

        Assert.Equal(A, fused.MaxBy(f => f.Value.Score).Key.DocumentId);
    }

    [Fact]
    public void Rrf_sums_reciprocal_ranks_whatever_the_scores()
    {
        var fused = RankFusion.Fuse(Ranked((A, 0.9), (B, 0.1)), Ranked((B, 5), (C, 1)), new RetrievalOptions { Fusion = RankFusion.Rrf });

        Assert.Equal((1 / 62.0) + (1 / 61.0), fused[(B, 0)].Score, 9);
        Assert.Equal(1 / 61.0, fused[(A, 0)].Score, 9);
        Assert.Null(fused[(C, 0)].VectorRank);
    }

    [Fact]
    public void One_side_missing_still_ranks_by_the_other()
    {
        var fused = RankFusion.Fuse([], Ranked((B, 2), (A, 1)), new RetrievalOptions());

        Assert.True(fused[(B, 0)].Score > fused[(A, 0)].Score);
    }
}
