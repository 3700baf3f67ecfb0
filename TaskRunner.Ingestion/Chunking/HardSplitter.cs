namespace TaskRunner.Ingestion.Chunking;

/// <summary>
/// Cuts a sentence that alone exceeds the limit into the longest fragments that fit, preferring to cut at a space
/// in the last fifth of a fragment, and never between the halves of a surrogate pair.
/// </summary>
internal sealed class HardSplitter(ITokenCounter counter, int maxTokens)
{
    public IEnumerable<Sentence> Split(string text, string firstSeparator)
    {
        var separator = firstSeparator;
        var start = 0;
        while (start < text.Length)
        {
            var length = LongestFit(text, start);
            var end = start + length;
            var next = end;
            if (end < text.Length)
            {
                var space = text.LastIndexOf(' ', end - 1, length - (length * 4 / 5));
                if (space > start)
                {
                    end = space;
                    next = space + 1;
                }
            }

            yield return new Sentence(text[start..end], separator);
            separator = next > end ? " " : string.Empty;
            start = next;
        }
    }

    private int LongestFit(string text, int start)
    {
        var remaining = text.Length - start;
        var good = 0;
        var bad = -1;
        var probe = Math.Min(remaining, maxTokens);
        while (bad < 0)
        {
            if (counter.CountTokens(text.Substring(start, probe)) <= maxTokens)
            {
                good = probe;
                if (probe == remaining)
                {
                    break;
                }

                probe = (int)Math.Min(remaining, probe * 2L);
            }
            else
            {
                bad = probe;
            }
        }

        while (bad >= 0 && bad - good > 1)
        {
            var middle = good + ((bad - good) / 2);
            if (counter.CountTokens(text.Substring(start, middle)) <= maxTokens)
            {
                good = middle;
            }
            else
            {
                bad = middle;
            }
        }

        return AvoidSurrogateCut(text, start, Math.Max(good, 1));
    }

    private static int AvoidSurrogateCut(string text, int start, int length)
    {
        var end = start + length;
        if (end < text.Length && char.IsLowSurrogate(text[end]) && char.IsHighSurrogate(text[end - 1]))
        {
            return length > 1 ? length - 1 : length + 1;
        }

        return length;
    }
}
