using System.Text;

namespace TaskRunner.Testing.OpenAi;

/// <summary>
/// Deterministic embeddings: hashed bag of words (and CJK character bigrams), L2-normalised. Texts that share
/// words get similar vectors, so retrieval tests rank sensibly without a model.
/// </summary>
public static class FakeEmbeddings
{
    public static float[] Embed(string text, int dimensions)
    {
        var vector = new float[dimensions];
        foreach (var token in Tokens(text))
        {
            var hash = Fnv1a(token);
            var index = (int)(hash % (uint)dimensions);
            vector[index] += (hash & 0x8000_0000) == 0 ? 1f : -1f;
        }
        var norm = MathF.Sqrt(vector.Sum(v => v * v));
        if (norm == 0)
        {
            vector[0] = 1f;
            return vector;
        }
        for (var i = 0; i < vector.Length; i++)
        {
            vector[i] /= norm;
        }
        return vector;
    }

    private static IEnumerable<string> Tokens(string text)
    {
        var word = new StringBuilder();
        char? previousCjk = null;
        foreach (var c in text.ToLowerInvariant())
        {
            if (IsCjk(c))
            {
                if (word.Length > 0)
                {
                    yield return word.ToString();
                    word.Clear();
                }
                yield return previousCjk is { } p ? $"{p}{c}" : c.ToString();
                previousCjk = c;
                continue;
            }
            previousCjk = null;
            if (char.IsLetterOrDigit(c))
            {
                word.Append(c);
            }
            else if (word.Length > 0)
            {
                yield return word.ToString();
                word.Clear();
            }
        }
        if (word.Length > 0)
        {
            yield return word.ToString();
        }
    }

    private static bool IsCjk(char c) => c is >= '\u4e00' and <= '\u9fff' or >= '\u3400' and <= '\u4dbf';

    private static uint Fnv1a(string s)
    {
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(s))
        {
            hash = (hash ^ b) * 16777619u;
        }
        return hash;
    }
}
