using System.Security.Cryptography;
using System.Text;

namespace TaskRunner.Shared.Chunking;

/// <summary>
/// Packs the pieces of one section-and-page group into chunks no larger than the limit. A piece is a whole
/// paragraph or, for oversized paragraphs, one sentence or one hard-split fragment. Each new chunk in the group
/// starts with the previous chunk's last sentences, up to the overlap budget.
/// </summary>
internal sealed class ChunkAccumulator(ChunkingOptions options, ITokenCounter counter, int? page, string? section, List<TextChunk> output)
{
    private List<Sentence> _current = [];
    private bool _hasNewContent;

    public void Add(IReadOnlyList<Sentence> piece)
    {
        var candidate = new List<Sentence>(_current);
        candidate.AddRange(piece);
        if (_current.Count == 0 || counter.CountTokens(Render(candidate)) <= options.MaxTokens)
        {
            _current = candidate;
            _hasNewContent = true;
            return;
        }

        Emit();
        var overlap = Tail(_current);
        candidate = [.. overlap, .. piece];
        while (overlap.Count > 0 && counter.CountTokens(Render(candidate)) > options.MaxTokens)
        {
            overlap.RemoveAt(0);
            candidate = [.. overlap, .. piece];
        }

        _current = candidate;
        _hasNewContent = true;
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
