using Microsoft.ML.Tokenizers;

namespace TaskRunner.Retrieval.Embeddings;

/// <summary>
/// BERT WordPiece tokenisation from a vocab.txt (thread-safe, one per process). The basic tokenizer splits
/// every CJK character into its own token, as BERT's does, so Chinese text maps to per-character ids.
/// </summary>
public sealed class BertTextEncoder
{
    private readonly BertTokenizer _tokenizer;

    private BertTextEncoder(BertTokenizer tokenizer, int maxTokenId)
    {
        _tokenizer = tokenizer;
        MaxTokenId = maxTokenId;
    }

    public int ClassificationTokenId => _tokenizer.ClassificationTokenId;

    public int SeparatorTokenId => _tokenizer.SeparatorTokenId;

    public int PaddingTokenId => _tokenizer.PaddingTokenId;

    /// <summary>Loads the vocabulary; the error names <c>Embeddings:VocabPath</c> when the file is missing or unusable.</summary>
    public static BertTextEncoder Load(string vocabPath, bool lowerCase)
    {
        if (string.IsNullOrWhiteSpace(vocabPath) || !File.Exists(vocabPath))
            throw new InvalidOperationException($"Embeddings:VocabPath '{vocabPath}' does not exist; point it at the model's vocab.txt.");
        using var stream = File.OpenRead(vocabPath);
        return Load(stream, lowerCase, $"Embeddings:VocabPath '{vocabPath}'");
    }

    /// <summary>The built-in model's vocabulary.</summary>
    public static BertTextEncoder LoadBuiltIn(bool lowerCase)
    {
        using var stream = BuiltInEmbeddingModel.OpenVocabulary();
        return Load(stream, lowerCase, BuiltInEmbeddingModel.Origin);
    }

    private static BertTextEncoder Load(Stream vocabulary, bool lowerCase, string origin)
    {
        try
        {
            var options = new BertOptions
            {
                LowerCaseBeforeTokenization = lowerCase,
                RemoveNonSpacingMarks = lowerCase, // HF BertTokenizer: strip_accents follows do_lower_case
                ApplyBasicTokenization = true,
                IndividuallyTokenizeCjk = true,
                SplitOnSpecialTokens = true,
            };
            using var buffer = new MemoryStream();
            vocabulary.CopyTo(buffer);
            var maxTokenId = CountLines(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)) - 1;
            buffer.Position = 0;
            return new BertTextEncoder(BertTokenizer.Create(buffer, options), maxTokenId);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidOperationException or IOException)
        {
            throw new InvalidOperationException($"{origin} is not a usable WordPiece vocab.txt: {ex.Message}", ex);
        }
    }

    /// <summary>A vocab.txt has one token per line and a token's id is its line number.</summary>
    private static int CountLines(ReadOnlySpan<byte> text)
    {
        var lines = text.Count((byte)'\n');
        return text.Length > 0 && text[^1] != (byte)'\n' ? lines + 1 : lines;
    }

    /// <summary>The largest id the vocabulary can produce; the model must accept it (checked when the model loads).</summary>
    public int MaxTokenId { get; }

    /// <summary>Word-piece ids without special tokens.</summary>
    public IReadOnlyList<int> EncodeWithoutSpecialTokens(string text) =>
        _tokenizer.EncodeToIds(text, addSpecialTokens: false, considerPreTokenization: true, considerNormalization: true);

    /// <summary>[CLS] ids… [SEP], cut to <paramref name="maxTokens"/> in total (the cut keeps the start of the text).</summary>
    public EncodedText Encode(string text, int maxTokens)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxTokens, 3);
        var pieces = EncodeWithoutSpecialTokens(text);
        var kept = Math.Min(pieces.Count, maxTokens - 2);
        var ids = new int[kept + 2];
        ids[0] = ClassificationTokenId;
        for (var i = 0; i < kept; i++) ids[i + 1] = pieces[i];
        ids[^1] = SeparatorTokenId;
        return new EncodedText(ids, kept < pieces.Count);
    }
}
