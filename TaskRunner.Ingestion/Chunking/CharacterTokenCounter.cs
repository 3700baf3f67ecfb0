namespace TaskRunner.Ingestion.Chunking;

/// <summary>The default counter: one token per Unicode scalar value, so a surrogate pair (emoji, rare CJK) counts once.</summary>
public sealed class CharacterTokenCounter : ITokenCounter
{
    public string Unit => "chars";

    public int CountTokens(string text)
    {
        var count = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (!(char.IsLowSurrogate(text[i]) && i > 0 && char.IsHighSurrogate(text[i - 1])))
            {
                count++;
            }
        }

        return count;
    }
}
