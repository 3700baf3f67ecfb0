using Bogus;

namespace TaskRunner.IntegrationTests.Exercises;

/// <summary>Seeded teaching material: Bogus people and places around a recurring biology vocabulary, in Chinese or English.</summary>
internal static class Lesson
{
    private static readonly string[] ChineseTerms = ["光合作用", "叶绿体", "二氧化碳", "葡萄糖", "线粒体", "蒸腾作用", "气孔", "叶绿素"];

    private static readonly string[] ChineseTemplates =
    [
        "{0}在{1}的实验室里研究{2}，发现{2}离不开{3}。",
        "{2}主要发生在{3}中，{1}的学生常用显微镜观察{3}。",
        "{4}认为{2}会把{3}转化为{5}，这一过程需要阳光。",
        "在{1}的课堂上，老师用{5}的例子说明{2}的意义。",
    ];

    private static readonly string[] EnglishTerms = ["photosynthesis", "chloroplast", "glucose", "mitochondria", "transpiration", "stomata", "chlorophyll"];

    private static readonly string[] EnglishTemplates =
    [
        "{0} studied {2} in a laboratory in {1} and found that {2} depends on {3}.",
        "Students in {1} observe {3} under a microscope to understand how {2} works.",
        "According to {4}, {2} converts carbon dioxide into {5} when sunlight is available.",
        "The textbook used in {1} explains that {3} and {5} together control plant growth.",
    ];

    public static string Chinese(int seed, int paragraphs = 6) =>
        Build(new Faker("zh_CN") { Random = new Randomizer(seed) }, ChineseTerms, ChineseTemplates, paragraphs, "");

    public static string English(int seed, int paragraphs = 6) =>
        Build(new Faker("en") { Random = new Randomizer(seed) }, EnglishTerms, EnglishTemplates, paragraphs, " ");

    private static string Build(Faker faker, string[] terms, string[] templates, int paragraphs, string separator)
    {
        var result = new List<string>();
        for (var p = 0; p < paragraphs; p++)
        {
            var focus = faker.PickRandom(terms, 3).ToArray();
            result.Add(string.Join(separator, Enumerable.Range(0, 4).Select(i => string.Format(
                System.Globalization.CultureInfo.InvariantCulture,
                templates[(p + i) % templates.Length],
                faker.Name.FullName(),
                faker.Address.City(),
                focus[0],
                focus[1],
                faker.Name.FullName(),
                focus[2]))));
        }

        return string.Join("\n\n", result);
    }
}
