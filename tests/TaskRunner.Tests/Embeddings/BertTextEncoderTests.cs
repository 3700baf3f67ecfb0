using TaskRunner.Retrieval.Embeddings;
using TaskRunner.Testing.Embeddings;

namespace TaskRunner.Tests.Embeddings;

// Expected ids were read from the vocab files' line numbers (0-based): e.g. bert-base-chinese line 2769 is 我,
// bert-base-uncased line 7861 is "em" and 8270 is "##bed". [CLS]=101 and [SEP]=102 in both.
public class BertTextEncoderTests
{
    [Fact]
    public void Chinese_text_is_split_per_character_and_wrapped_in_cls_and_sep()
    {
        var encoder = BertTextEncoder.Load(TestAssets.ChineseVocab, lowerCase: true);

        var encoded = encoder.Encode("我爱学习数学。", maxTokens: 512);

        Assert.Equal([101, 2769, 4263, 2110, 739, 3144, 2110, 511, 102], encoded.Ids);
        Assert.False(encoded.Truncated);
    }

    [Fact]
    public void Latin_words_in_chinese_vocab_use_wordpieces_after_lowercasing()
    {
        var encoder = BertTextEncoder.Load(TestAssets.ChineseVocab, lowerCase: true);

        Assert.Equal([101, 2769, 4263, 8815, 8716, 102], encoder.Encode("我爱BERT", 512).Ids);
    }

    [Fact]
    public void English_text_is_lowercased_accent_stripped_and_split_into_wordpieces()
    {
        var encoder = BertTextEncoder.Load(TestAssets.EnglishVocab, lowerCase: true);

        var encoded = encoder.Encode("The student reads two Embeddings. Café", 512);

        Assert.Equal([101, 1996, 3076, 9631, 2048, 7861, 8270, 4667, 2015, 1012, 7668, 102], encoded.Ids);
    }

    [Fact]
    public void Long_text_is_cut_to_max_tokens_including_special_tokens_and_reported()
    {
        var encoder = BertTextEncoder.Load(TestAssets.ChineseVocab, lowerCase: true);

        var encoded = encoder.Encode("我爱学习数学。", maxTokens: 5);

        Assert.Equal([101, 2769, 4263, 2110, 102], encoded.Ids);
        Assert.True(encoded.Truncated);
    }

    [Fact]
    public void Token_counter_counts_model_tokens_without_special_tokens()
    {
        var counter = new BertTokenCounter(BertTextEncoder.Load(TestAssets.EnglishVocab, lowerCase: true));

        Assert.Equal(10, counter.CountTokens("The student reads two Embeddings. Café"));
        Assert.Equal(0, counter.CountTokens(""));
        Assert.Equal("wordpiece", counter.Unit);
    }

    [Fact]
    public void Missing_vocab_names_the_setting()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => BertTextEncoder.Load("/nope/vocab.txt", lowerCase: true));

        Assert.Contains("Embeddings:VocabPath", ex.Message);
    }
}
