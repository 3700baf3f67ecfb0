using System.Text;
using TaskRunner.Ingestion.Parsing;
using TaskRunner.Testing.Corpus;

namespace TaskRunner.Tests.Parsing;

public sealed class HtmlParserTests : IDisposable
{
    private static readonly CorpusBlock[] Lesson =
    [
        CorpusBlock.Heading(1, "Biology"),
        CorpusBlock.Paragraph("Cells are the basic unit of life."),
        CorpusBlock.Heading(2, "细胞"),
        CorpusBlock.Paragraph(CorpusText.ChineseParagraph(4)),
        CorpusBlock.Table(["Organelle", "Role"], ["Nucleus", "Holds DNA"]),
    ];

    private readonly CorpusDirectory _dir = new();

    public HtmlParserTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Html_keeps_main_text_and_drops_scripts_styles_navigation_and_page_chrome()
    {
        var path = TestCorpus.WriteHtml(_dir.Path, Lesson);

        var text = Parse.AllText(await Parse.FileAsync(path, DocumentKind.Html));

        Assert.Contains("Cells are the basic unit of life.", text);
        foreach (var chrome in new[] { "SCRIPT_TEXT", "color: red", "NAV_LINK", "SITE_HEADER", "SITE_FOOTER", "ASIDE_TEXT", "NOSCRIPT_TEXT" })
        {
            Assert.DoesNotContain(chrome, text);
        }
    }

    [Fact]
    public async Task Html_headings_become_sections_and_tables_become_rows()
    {
        var path = TestCorpus.WriteHtml(_dir.Path, Lesson);

        var blocks = (await Parse.FileAsync(path, DocumentKind.Html)).Blocks;

        Assert.Contains(new DocumentBlock("Cells are the basic unit of life.", "Biology", null), blocks);
        Assert.Contains(new DocumentBlock(Lesson[3].Text, "Biology / 细胞", null), blocks);
        Assert.Contains(new DocumentBlock("Organelle | Role\nNucleus | Holds DNA", "Biology / 细胞", null), blocks);
    }

    [Fact]
    public async Task Html_declared_as_gb2312_decodes_chinese_from_the_meta_charset()
    {
        var path = TestCorpus.WriteHtml(_dir.Path, Lesson, "gb.html", TextDecoder.Gb18030, declaredCharset: "gb2312");

        var text = Parse.AllText(await Parse.FileAsync(path, DocumentKind.Html));

        Assert.Contains(Lesson[3].Text, text);
    }

    [Fact]
    public async Task Html_without_main_uses_the_body_without_header_and_footer()
    {
        var html = "<html><body><header>TOP</header><h1>标题</h1><p>第一行\n第二行</p><p>Line one\nline two</p><footer>BOTTOM</footer></body></html>";
        var path = TestCorpus.WriteText(_dir.Path, html, "plain.html");

        var blocks = (await Parse.FileAsync(path, DocumentKind.Html)).Blocks;

        Assert.Equal(["标题", "第一行第二行", "Line one line two"], blocks.Select(b => b.Text));
    }
}
