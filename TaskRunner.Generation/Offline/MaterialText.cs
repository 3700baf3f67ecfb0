using System.Text.RegularExpressions;

namespace TaskRunner.Generation.Offline;

/// <summary>
/// Material split into sentences and scored by its key terms (for the offline generator and analyser).
/// Chinese: 2–4 character terms that recur; English: capitalised or long content words.
/// </summary>
internal sealed partial class MaterialText
{
    private MaterialText(bool chinese, IReadOnlyList<MaterialSentence> sentences, IReadOnlyList<KeyTerm> terms)
    {
        IsChinese = chinese;
        Sentences = sentences;
        Terms = terms;
    }

    public bool IsChinese { get; }

    /// <summary>Usable sentences in reading order.</summary>
    public IReadOnlyList<MaterialSentence> Sentences { get; }

    /// <summary>Key terms, best first.</summary>
    public IReadOnlyList<KeyTerm> Terms { get; }

    public static MaterialText Analyze(IReadOnlyList<string> chunks)
    {
        var all = string.Join("\n", chunks);
        var chinese = CountCjk(all) * 3 > all.Count(c => !char.IsWhiteSpace(c));
        var terms = chinese ? ChineseTerms.Extract(chunks) : EnglishTerms.Extract(chunks);
        var byText = terms.ToDictionary(t => t.Text, StringComparer.Ordinal);
        var sentences = new List<MaterialSentence>();
        var position = 0;
        for (var chunk = 0; chunk < chunks.Count; chunk++)
        {
            foreach (var sentence in SplitSentences(chunks[chunk], chinese))
            {
                var contained = terms
                    .Where(t => Occurrences(sentence, t.Text, chinese) == 1)
                    .Select(t => t.Text)
                    .Take(4)
                    .ToList();
                var score = contained.Sum(t => byText[t].Score) / Math.Sqrt(Math.Max(1, sentence.Length / (chinese ? 10.0 : 40.0)));
                sentences.Add(new MaterialSentence(sentence, chunk, position++, score, contained));
            }
        }
        return new MaterialText(chinese, sentences, terms);
    }

    public static int CountCjk(string text) => text.Count(IsCjk);

    public static bool IsCjk(char c) => c is >= '\u4e00' and <= '\u9fff' or >= '\u3400' and <= '\u4dbf';

    /// <summary>Whole-word occurrences for English (case-sensitive), substring occurrences for Chinese.</summary>
    public static int Occurrences(string sentence, string term, bool chinese)
    {
        if (!chinese)
        {
            return Regex.Matches(sentence, $@"\b{Regex.Escape(term)}\b").Count;
        }
        var count = 0;
        for (var i = sentence.IndexOf(term, StringComparison.Ordinal); i >= 0; i = sentence.IndexOf(term, i + term.Length, StringComparison.Ordinal))
        {
            count++;
        }
        return count;
    }

    private static IEnumerable<string> SplitSentences(string chunk, bool chinese)
    {
        var pieces = chinese ? ChineseSentenceEnd().Split(chunk) : EnglishSentenceEnd().Split(chunk);
        foreach (var piece in pieces)
        {
            var sentence = piece.Trim().Trim('"', '“', '”', '「', '」');
            var length = chinese ? CountCjk(sentence) : sentence.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
            if (chinese ? length is >= 6 and <= 120 : length is >= 5 and <= 60)
            {
                yield return sentence;
            }
        }
    }

    // Keeps the end punctuation with the sentence.
    [GeneratedRegex(@"(?<=[。！？!?；;])|\n+")]
    private static partial Regex ChineseSentenceEnd();

    [GeneratedRegex(@"(?<=[.!?])\s+(?=[A-Z0-9""“])|\n+")]
    private static partial Regex EnglishSentenceEnd();
}
