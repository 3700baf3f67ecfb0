using System.Text;
using TaskRunner.Ingestion.Parsing;
using TaskRunner.Testing.Corpus;

namespace TaskRunner.Tests.Parsing;

public class TextDecoderTests
{
    private static readonly string Chinese = CorpusText.ChineseParagraph(seed: 11);

    public TextDecoderTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    [Fact]
    public void Gb18030_text_decodes_to_the_original_chinese()
    {
        var decoded = TextDecoder.Decode(TextDecoder.Gb18030.GetBytes(Chinese));

        Assert.Equal(Chinese, decoded.Text);
        Assert.Equal("gb18030", decoded.EncodingName, ignoreCase: true);
    }

    [Fact]
    public void Gbk_text_decodes_through_the_gb18030_fallback()
    {
        var gbk = Encoding.GetEncoding("GBK");

        var decoded = TextDecoder.Decode(gbk.GetBytes(Chinese));

        Assert.Equal(Chinese, decoded.Text);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Short_and_long_gb18030_samples_are_not_mistaken_for_another_legacy_encoding(int seed)
    {
        var text = CorpusText.ChineseParagraph(seed, sentences: seed * 3);

        Assert.Equal(text, TextDecoder.Decode(TextDecoder.Gb18030.GetBytes(text)).Text);
    }

    [Fact]
    public void Utf8_without_bom_decodes_as_utf8()
    {
        var text = "Photosynthesis 光合作用 — naïve café 😀";

        var decoded = TextDecoder.Decode(Encoding.UTF8.GetBytes(text));

        Assert.Equal(text, decoded.Text);
        Assert.Equal("utf-8", decoded.EncodingName);
    }

    [Theory]
    [InlineData("utf-8")]
    [InlineData("utf-16")]
    [InlineData("utf-16BE")]
    [InlineData("utf-32")]
    [InlineData("utf-32BE")]
    public void Text_with_a_bom_decodes_with_that_encoding_and_without_the_bom(string encodingName)
    {
        var encoding = Encoding.GetEncoding(encodingName);
        byte[] bytes = [.. encoding.GetPreamble(), .. encoding.GetBytes(Chinese)];

        var decoded = TextDecoder.Decode(bytes);

        Assert.Equal(Chinese, decoded.Text);
        Assert.Equal(encoding.WebName, decoded.EncodingName);
    }

    [Fact]
    public void Big5_traditional_chinese_is_detected_rather_than_decoded_as_gb18030()
    {
        var traditional = string.Concat(Enumerable.Repeat("光合作用是植物利用陽光、水和二氧化碳製造養分的過程。老師在課堂上詳細講解了這個實驗！", 8));
        var big5 = Encoding.GetEncoding("big5");

        var decoded = TextDecoder.Decode(big5.GetBytes(traditional));

        Assert.Equal(traditional, decoded.Text);
    }

    [Fact]
    public async Task A_gb18030_file_decodes_from_disk()
    {
        using var dir = new CorpusDirectory();
        var path = TestCorpus.WriteGb18030Text(dir.Path, Chinese);

        var decoded = await TextDecoder.DecodeFileAsync(path, CancellationToken.None);

        Assert.Equal(Chinese, decoded.Text);
    }
}
