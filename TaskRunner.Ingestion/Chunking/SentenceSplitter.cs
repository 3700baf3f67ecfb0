namespace TaskRunner.Ingestion.Chunking;

/// <summary>
/// Splits normalized text into sentences, keeping the terminator (and closing quotes) with its sentence.
/// Chinese 。！？；… end a sentence anywhere; English . ! ? only before whitespace or the end, and a period does
/// not end a sentence after an abbreviation ("e.g.", "Dr.") or before a lowercase word. A line break alone does
/// not end a sentence (PDF lines wrap mid-sentence); <see cref="SplitLines"/> is the fallback for oversized ones.
/// </summary>
internal static class SentenceSplitter
{
    private static readonly HashSet<string> Abbreviations = new(StringComparer.OrdinalIgnoreCase)
    {
        "mr", "mrs", "ms", "dr", "prof", "st", "jr", "sr", "vs", "etc", "no", "fig", "figs", "eq", "approx", "inc", "ltd", "cf", "al", "vol", "pp", "ch", "sec",
    };

    public static List<Sentence> Split(string text)
    {
        var sentences = new List<Sentence>();
        var separator = string.Empty;
        var start = 0;
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            int end;
            if (IsCjkTerminator(c) || (c is '.' or '!' or '?' && EndsEnglishSentence(text, start, i)))
            {
                end = SkipClosers(text, i + 1);
            }
            else
            {
                i++;
                continue;
            }

            Add(text[start..end]);
            var next = end;
            while (next < text.Length && char.IsWhiteSpace(text[next]))
            {
                next++;
            }

            var gap = text.AsSpan(end, next - end);
            separator = gap.Contains("\n\n", StringComparison.Ordinal) ? "\n\n" : gap.Contains('\n') ? "\n" : gap.IsEmpty ? string.Empty : " ";
            start = i = next;
        }

        Add(text[start..]);
        return sentences;

        void Add(string sentence)
        {
            if (sentence.Length > 0)
            {
                sentences.Add(new Sentence(sentence, sentences.Count == 0 ? string.Empty : separator));
            }
        }
    }

    /// <summary>Splits a sentence into its lines (table rows, list items, wrapped lines).</summary>
    public static IEnumerable<Sentence> SplitLines(Sentence sentence)
    {
        var lines = sentence.Text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].Length > 0)
            {
                yield return new Sentence(lines[i], i == 0 ? sentence.Separator : "\n");
            }
        }
    }

    private static bool IsCjkTerminator(char c) => c is '。' or '！' or '？' or '；' or '…' or '｡';

    private static int SkipClosers(string text, int i)
    {
        while (i < text.Length && (IsCjkTerminator(text[i]) || text[i] is '.' or '!' or '?' or '"' or '\'' or ')' or ']'
                   or '”' or '’' or '」' or '』' or '）' or '】' or '》' or '〉'))
        {
            i++;
        }

        return i;
    }

    private static bool EndsEnglishSentence(string text, int start, int i)
    {
        var end = SkipClosers(text, i + 1);
        if (end < text.Length && !char.IsWhiteSpace(text[end]))
        {
            return false;
        }

        if (text[i] != '.')
        {
            return true;
        }

        var next = end;
        while (next < text.Length && char.IsWhiteSpace(text[next]))
        {
            next++;
        }

        if (next < text.Length && char.IsLower(text[next]))
        {
            return false;
        }

        var wordStart = i;
        while (wordStart > start && (char.IsLetter(text[wordStart - 1]) || text[wordStart - 1] == '.'))
        {
            wordStart--;
        }

        var word = text.AsSpan(wordStart, i - wordStart);
        var isInitial = word.Length == 1 && char.IsUpper(word[0]);
        return !(isInitial || word.Contains('.') || Abbreviations.GetAlternateLookup<ReadOnlySpan<char>>().Contains(word));
    }
}
