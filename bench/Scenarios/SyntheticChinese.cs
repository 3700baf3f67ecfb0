namespace TaskRunner.Bench.Scenarios;

/// <summary>
/// Seeded Chinese-like text for the keyword bench: words of two or three common characters drawn with a Zipf
/// distribution (a few words everywhere, most words rare), in sentences ending in 。 or ！. Not Chinese prose, but
/// its bigram statistics have the shape keyword search meets: a long tail of rare terms under a few very common ones.
/// </summary>
public sealed class SyntheticChinese
{
    private const string Characters =
        "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所" +
        "民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日" +
        "那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想" +
        "已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指" +
        "几九区强放决西被干做必战先回则任取据处府研光叶绿细胞膜循环诗歌历史太阳系反应课堂实验观察环境保护规律考试植物氧碳";

    private readonly Random random;
    private readonly string[] words;
    private readonly double[] cumulative;

    public SyntheticChinese(int seed, int vocabulary = 20_000)
    {
        random = new Random(seed);
        words = Enumerable.Range(0, vocabulary).Select(_ => Word()).ToArray();
        cumulative = new double[vocabulary];
        var total = 0.0;
        for (var rank = 0; rank < vocabulary; rank++)
        {
            total += 1.0 / (rank + 1);
            cumulative[rank] = total;
        }

        for (var rank = 0; rank < vocabulary; rank++)
        {
            cumulative[rank] /= total;
        }
    }

    /// <summary>About <paramref name="characters"/> characters of sentences.</summary>
    public string Text(int characters)
    {
        var builder = new System.Text.StringBuilder(characters + 16);
        while (builder.Length < characters)
        {
            var sentenceWords = random.Next(5, 15);
            for (var i = 0; i < sentenceWords; i++)
            {
                builder.Append(NextWord());
            }

            builder.Append(random.Next(5) == 0 ? '！' : '。');
        }

        return builder.ToString();
    }

    /// <summary>A few words, as someone types a search.</summary>
    public string Query(int wordCount) => string.Concat(Enumerable.Range(0, wordCount).Select(_ => NextWord()));

    public int Next(int max) => random.Next(max);

    private string NextWord()
    {
        var index = Array.BinarySearch(cumulative, random.NextDouble());
        return words[Math.Min(index < 0 ? ~index : index, words.Length - 1)];
    }

    private string Word() => string.Concat(Enumerable.Range(0, random.Next(2, 4)).Select(_ => Characters[random.Next(Characters.Length)]));
}
