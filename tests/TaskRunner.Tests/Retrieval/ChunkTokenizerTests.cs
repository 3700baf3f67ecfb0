using TaskRunner.Ingestion.Documents;
using TaskRunner.Retrieval;

namespace TaskRunner.Tests.Retrieval;

public sealed class ChunkTokenizerTests
{
    [Fact]
    public void Chinese_text_is_indexed_under_its_characters_and_bigrams_and_latin_under_lower_cased_words()
    {
        var tokens = ChunkTokenizer.IndexTokens("光合作用 uses Light, 第3章");

        Assert.Equal(["3", "light", "uses", "作", "作用", "光", "光合", "合", "合作", "用", "章", "第"], tokens);
    }

    [Fact]
    public void Every_query_term_is_an_index_token_of_the_same_text()
    {
        const string text = "植物通过光合作用把光能转化为化学能。Photosynthesis converts light energy; 叶 and 2 leaves.";
        var index = ChunkTokenizer.IndexTokens(text).ToHashSet();

        var terms = ChunkTokenizer.QueryTerms(text);

        Assert.All(terms, t => Assert.Contains(t, index));
        Assert.Contains("光合", terms);
        Assert.Contains("叶", terms); // a lone CJK character stays a term
        Assert.DoesNotContain("光", terms); // inside a run, only bigrams
        Assert.Contains("photosynthesis", terms);
    }

    [Fact]
    public void Single_letters_and_overlong_runs_are_not_tokens()
    {
        var tokens = ChunkTokenizer.IndexTokens("a b " + new string('x', ChunkTokenizer.MaxTokenLength + 1) + " ok 7");

        Assert.Equal(["7", "ok"], tokens);
    }

    [Fact]
    public void A_long_query_keeps_the_rarest_terms_up_to_the_cap_in_query_order()
    {
        var terms = Enumerable.Range(0, 100).Select(i => $"w{i:D3}").ToList();
        var statistics = new TokenStatistics(terms.Take(90).ToDictionary(t => t, _ => 0.1f), 0.05f, 1000, 0);

        var selected = KeywordQueryPlan.SelectTerms(terms, statistics, KeywordSearch.MaxQueryTerms);

        Assert.Equal(KeywordSearch.MaxQueryTerms, selected.Count);
        // The ten unlisted (rarer) terms, then the first 22 of the equally common ones, back in query order.
        Assert.Equal(terms.Take(22).Concat(terms.Skip(90)), selected.Select(s => s.Term));
        Assert.True(selected.Single(s => s.Term == "w095").Weight > selected.Single(s => s.Term == "w000").Weight);
    }

    [Fact]
    public void Rare_terms_prune_with_any_and_only_common_terms_prune_with_all_of_the_rarest_few()
    {
        // 100,000 chunks: 光合 in 50 of them, 作用 in 500, the rest in 10 %.
        var statistics = new TokenStatistics(new Dictionary<string, float> { ["光合"] = 0.0005f, ["作用"] = 0.005f, ["我们"] = 0.1f, ["学习"] = 0.12f, ["时间"] = 0.15f }, 0.0001f, 100_000, 0);

        var rare = KeywordQueryPlan.Create(["光合", "作用", "我们"], statistics);
        var common = KeywordQueryPlan.Create(["我们", "学习", "时间"], statistics);

        Assert.False(rare.RequireAll);
        Assert.Equal(["光合", "作用"], rare.Prune); // 550 candidates fit the budget of 2000; 我们 would add 10,000
        Assert.True(common.RequireAll);
        Assert.Equal(["我们", "学习"], common.Prune); // together in about 1,200 chunks

        // 学习 and 习惯 overlap: they nearly always come together, so requiring both would prune nothing.
        var overlapping = KeywordQueryPlan.Create(["学习", "习惯", "我们"], new TokenStatistics(
            new Dictionary<string, float> { ["学习"] = 0.1f, ["习惯"] = 0.1f, ["我们"] = 0.15f }, 0.0001f, 100_000, 0));
        Assert.Equal(["学习", "我们"], overlapping.Prune);
        Assert.Equal(3, common.Terms.Count);
    }

    [Fact]
    public void Terms_held_by_most_chunks_are_dropped_while_rarer_terms_remain()
    {
        var statistics = new TokenStatistics(new Dictionary<string, float> { ["我们"] = 0.6f, ["学习"] = 0.05f }, 0.01f, 1000, 0);

        Assert.Equal(["学习"], KeywordQueryPlan.SelectTerms(["我们", "学习"], statistics, 32).Select(s => s.Term));
        Assert.Equal(["我们"], KeywordQueryPlan.SelectTerms(["我们"], statistics, 32).Select(s => s.Term));
        Assert.Empty(KeywordQueryPlan.SelectTerms(["学习"], statistics.WithCounts(new Dictionary<string, long> { ["学习"] = 0 }), 32));
    }
}
