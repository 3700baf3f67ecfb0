using Bogus;

namespace TaskRunner.Testing.Corpus;

/// <summary>Seeded, realistic English and Chinese prose for generated documents; the same seed gives the same text.</summary>
public static class CorpusText
{
    private static readonly string[] ChineseSubjects =
        ["光合作用", "植物的叶片", "细胞膜", "水的循环", "古代诗歌", "三角形的面积", "中国的历史", "太阳系", "化学反应", "学生们"];

    private static readonly string[] ChinesePredicates =
        ["是自然界中最重要的过程之一", "需要阳光、水和二氧化碳", "在课堂上被老师详细讲解", "可以通过简单的实验来观察",
         "影响着我们日常生活的方方面面", "在考试中经常出现", "与环境保护密切相关", "帮助我们理解世界的规律"];

    public static string EnglishParagraph(int seed, int sentences = 5) =>
        new Faker("en") { Random = new Randomizer(seed) }.Lorem.Sentences(sentences, " ");

    /// <summary>Chinese sentences ending in 。！？ built from a seeded Faker (zh_CN names and cities included).</summary>
    public static string ChineseParagraph(int seed, int sentences = 5)
    {
        var faker = new Faker("zh_CN") { Random = new Randomizer(seed) };
        var parts = new List<string>();
        for (var i = 0; i < sentences; i++)
        {
            var subject = faker.PickRandom(ChineseSubjects);
            var predicate = faker.PickRandom(ChinesePredicates);
            var ending = faker.PickRandom("。", "。", "！", "？");
            parts.Add(faker.Random.Bool()
                ? $"{faker.Name.FullName().Replace(" ", string.Empty, StringComparison.Ordinal)}老师在{faker.Address.City().Replace(" ", string.Empty, StringComparison.Ordinal)}说，{subject}{predicate}{ending}"
                : $"{subject}{predicate}{ending}");
        }

        return string.Concat(parts);
    }
}
