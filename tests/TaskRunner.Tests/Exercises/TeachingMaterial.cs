using Bogus;

namespace TaskRunner.Tests.Exercises;

/// <summary>Seeded, realistic-looking teaching material in Chinese and English: Bogus people and places around a recurring subject vocabulary.</summary>
internal static class TeachingMaterial
{
    private static readonly string[] ChineseTerms =
        ["光合作用", "叶绿体", "二氧化碳", "葡萄糖", "线粒体", "细胞核", "蒸腾作用", "根系", "气孔", "淀粉", "呼吸作用", "叶绿素"];

    private static readonly string[] ChineseTemplates =
    [
        "{0}在{1}的实验室里研究{2}，发现{2}离不开{3}。",
        "{2}主要发生在{3}中，{1}的学生常用显微镜观察{3}。",
        "{4}认为{2}会把{3}转化为{5}，这一过程需要阳光。",
        "在{1}的课堂上，老师用{5}的例子说明{2}的意义。",
        "{3}与{5}共同影响植物的生长，{0}记录了详细的数据。",
    ];

    private static readonly string[] EnglishTerms =
        ["photosynthesis", "chloroplast", "glucose", "mitochondria", "nucleus", "transpiration", "stomata", "chlorophyll", "respiration", "starch"];

    private static readonly string[] EnglishTemplates =
    [
        "{0} studied {2} in a laboratory in {1} and found that {2} depends on {3}.",
        "Students in {1} observe {3} under a microscope to understand how {2} works.",
        "According to {4}, {2} converts carbon dioxide into {5} when sunlight is available.",
        "The textbook used in {1} explains that {3} and {5} together control plant growth.",
        "{0} recorded how {5} levels changed after the {3} was exposed to bright light.",
    ];

    public static List<string> Chinese(int seed, int chunks = 6) =>
        Build(new Faker("zh_CN") { Random = new Randomizer(seed) }, ChineseTerms, ChineseTemplates, chunks, "");

    public static List<string> English(int seed, int chunks = 6) =>
        Build(new Faker("en") { Random = new Randomizer(seed) }, EnglishTerms, EnglishTemplates, chunks, " ");

    private static List<string> Build(Faker faker, string[] terms, string[] templates, int chunks, string separator)
    {
        var result = new List<string>();
        for (var c = 0; c < chunks; c++)
        {
            // Each chunk dwells on a few terms, so terms recur within it and differ between chunks.
            var focus = faker.PickRandom(terms, 3).ToArray();
            var sentences = Enumerable.Range(0, 4).Select(i => string.Format(
                System.Globalization.CultureInfo.InvariantCulture,
                templates[(c + i) % templates.Length],
                faker.Name.FullName(),
                faker.Address.City(),
                focus[0],
                focus[1],
                faker.Name.FullName(),
                focus[2]));
            result.Add(string.Join(separator, sentences));
        }
        return result;
    }
}
