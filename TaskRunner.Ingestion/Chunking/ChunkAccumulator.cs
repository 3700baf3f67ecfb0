using System.Security.Cryptography;
using System.Text;

namespace TaskRunner.Ingestion.Chunking;

/// <summary>
/// Packs the pieces of one section-and-page group into chunks no larger than the limit. A piece is a whole
/// paragraph or, for oversized paragraphs, one sentence or one hard-split fragment. Each new chunk in the group
/// starts with the previous chunk's last sentences, up to the overlap budget.
/// </summary>
internal sealed class ChunkAccumulator(ChunkingOptions options, ITokenCounter counter, int? page, string? section, List<TextChunk> output)
{
    private List<Sentence> _current = [];
    private bool _hasNewContent;

    public void Add(IReadOnlyList<Sentence> piece) => AddRange([piece]);

    /// <summary>
    /// Appends pieces in order. How many of them still fit is found by galloping (1, 2, 4, … pieces, then
    /// bisection), so a paragraph of thousands of tiny sentences costs O(log n) counts per chunk, not O(n).
    /// </summary>
    public void AddRange(IReadOnlyList<IReadOnlyList<Sentence>> pieces)
    {
        var next = 0;
        while (next < pieces.Count)
        {
            var fitting = LongestFittingRun(pieces, next);
            if (fitting > 0)
            {
                _current = Append(_current, pieces, next, fitting);
                _hasNewContent = true;
                next += fitting;
                continue;
            }

            Emit();
            var overlap = Tail(_current);
            var candidate = Append(overlap, pieces, next, 1);
            while (overlap.Count > 0 && counter.CountTokens(Render(candidate)) > options.MaxTokens)
            {
                overlap.RemoveAt(0);
                candidate = Append(overlap, pieces, next, 1);
            }

            _current = candidate;
            _hasNewContent = true;
            next++;
        }
    }

    private int LongestFittingRun(IReadOnlyList<IReadOnlyList<Sentence>> pieces, int start)
    {
        var remaining = pieces.Count - start;
        var good = _current.Count == 0 ? 1 : 0;
        var probe = Math.Max(good * 2, 1);
        var bad = remaining + 1;
        while (probe <= remaining)
        {
            if (!Fits(pieces, start, probe))
            {
                bad = probe;
                break;
            }

            good = probe;
            probe *= 2;
        }

        while (bad - good > 1)
        {
            var middle = good + ((bad - good) / 2);
            if (Fits(pieces, start, middle))
            {
                good = middle;
            }
            else
            {
                bad = middle;
            }
        }

        return good;
    }

    private bool Fits(IReadOnlyList<IReadOnlyList<Sentence>> pieces, int start, int count) =>
        counter.CountTokens(Render(Append(_current, pieces, start, count))) <= options.MaxTokens;

    private static List<Sentence> Append(List<Sentence> head, IReadOnlyList<IReadOnlyList<Sentence>> pieces, int start, int count)
    {
        var result = new List<Sentence>(head);
        for (var i = start; i < start + count; i++)
        {
            result.AddRange(pieces[i]);
        }

        return result;
    }

    public void Complete()
    {
        if (_hasNewContent)
        {
            Emit();
        }
    }

    private void Emit()
    {
        var text = Render(_current);
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
        output.Add(new TextChunk(output.Count, text, counter.CountTokens(text), page, section, hash));
        _hasNewContent = false;
    }

    private List<Sentence> Tail(List<Sentence> sentences)
    {
        var tail = new List<Sentence>();
        for (var i = sentences.Count - 1; i >= 0 && options.OverlapTokens > 0; i--)
        {
            tail.Insert(0, sentences[i]);
            if (counter.CountTokens(Render(tail)) > options.OverlapTokens)
            {
                tail.RemoveAt(0);
                break;
            }
        }

        return tail;
    }

    private static string Render(List<Sentence> sentences)
    {
        var builder = new StringBuilder();
        foreach (var sentence in sentences)
        {
            if (builder.Length > 0)
            {
                builder.Append(sentence.Separator);
            }

            builder.Append(sentence.Text);
        }

        return builder.ToString();
    }
}
