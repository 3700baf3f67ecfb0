using System.Text.Json;
using TaskRunner.IntegrationTests.Api;
using TaskRunner.IntegrationTests.Infrastructure;
using TaskRunner.Testing.Corpus;
using Xunit.Abstractions;

namespace TaskRunner.IntegrationTests.Documents;

/// <summary>Issue #3 end to end: each format uploaded through the Api is parsed by a Worker into chunks with the right page, slide and section.</summary>
[Collection(PlatformCollection.Name)]
public sealed class FormatIngestionTests(PlatformFixture platform) : IDisposable
{
    private readonly TaskRunnerApiClient api = platform.ApiClient;
    private readonly CorpusDirectory dir = new();

    public void Dispose() => dir.Dispose();

    [Fact]
    public async Task Multi_page_pdf_chunks_carry_their_page_numbers()
    {
        var pages = Enumerable.Range(1, 3)
            .Select(n => (IReadOnlyList<string>)[$"Page {n} marker {Guid.NewGuid():N}.", CorpusText.EnglishParagraph(100 + n, sentences: 10)])
            .ToList();
        var chunks = await IngestAsync(TestCorpus.WritePdf(dir.Path, pages), "handout.pdf", expectedPages: 3);

        Assert.All(chunks, c => Assert.NotNull(c.Page));
        for (var n = 1; n <= 3; n++)
        {
            var pageText = string.Join(" ", chunks.Where(c => c.Page == n).Select(c => c.Text));
            Assert.Contains(pages[n - 1][0], pageText, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Chinese_pdf_reads_back_as_the_original_characters_on_each_page()
    {
        // The font is part of the test set-up (scripts/test.sh installs it): without it this test fails rather than passing unchecked.
        Assert.True(TestCorpus.CjkFontPath is not null, "No CJK TrueType font at /usr/share/fonts/truetype/arphic-gbsn00lp/: install the Debian package fonts-arphic-gbsn00lp (scripts/test.sh does).");

        var first = string.Concat(Enumerable.Repeat("光合作用是植物利用阳光制造养分的过程。", 3));
        const string second = "第二页：细胞膜保护细胞，细胞核储存遗传信息。";
        var chunks = await IngestAsync(TestCorpus.WritePdf(dir.Path, [[first], [second]], trueTypeFontPath: TestCorpus.CjkFontPath), "生物.pdf", expectedPages: 2);

        Assert.Equal(first, string.Concat(chunks.Where(c => c.Page == 1).Select(c => c.Text)).Replace(" ", "", StringComparison.Ordinal));
        Assert.Contains(chunks, c => c.Page == 2 && c.Text.Contains("细胞膜保护细胞", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Docx_headings_become_section_titles_and_tables_become_rows()
    {
        var photosynthesis = CorpusText.ChineseParagraph(31);
        var path = TestCorpus.WriteDocx(dir.Path,
        [
            CorpusBlock.Heading(1, "第一章 植物"),
            CorpusBlock.Heading(2, "光合作用"),
            CorpusBlock.Paragraph(photosynthesis),
            CorpusBlock.Table(["输入", "输出"], ["阳光", "葡萄糖"]),
            CorpusBlock.Heading(2, "Respiration"),
            CorpusBlock.Paragraph($"Cells release energy {Guid.NewGuid():N}."),
        ]);
        var chunks = await IngestAsync(path, "植物.docx");

        var section = string.Join("\n", chunks.Where(c => c.Section == "第一章 植物 / 光合作用").Select(c => c.Text));
        Assert.Contains(photosynthesis, section, StringComparison.Ordinal);
        Assert.Contains("输入 | 输出\n阳光 | 葡萄糖", section, StringComparison.Ordinal);
        Assert.Contains(chunks, c => c.Section == "第一章 植物 / Respiration" && c.Text.Contains("Cells release energy", StringComparison.Ordinal));
        Assert.All(chunks, c => Assert.Null(c.Page));
    }

    [Fact]
    public async Task Pptx_chunks_keep_slide_numbers_titles_and_speaker_notes()
    {
        var path = TestCorpus.WritePptx(dir.Path,
        [
            new CorpusSlide("细胞结构", ["细胞膜保护细胞。", "细胞核储存遗传信息。"], Notes: "先复习上一节课的内容。"),
            new CorpusSlide("Organelles", ["Mitochondria"], Table: [["Part", "Role"], ["Ribosome", "Makes proteins"]]),
            new CorpusSlide("Summary", [$"Review {Guid.NewGuid():N}"], Notes: "Ask three questions."),
        ]);
        var chunks = await IngestAsync(path, "cells.pptx", expectedPages: 3);

        var slide1 = string.Join("\n", chunks.Where(c => c.Page == 1).Select(c => c.Text));
        Assert.Contains("细胞膜保护细胞。", slide1, StringComparison.Ordinal);
        Assert.Contains("先复习上一节课的内容。", slide1, StringComparison.Ordinal);
        Assert.All(chunks.Where(c => c.Page == 1), c => Assert.Equal("细胞结构", c.Section));
        Assert.Contains(chunks, c => c.Page == 2 && c.Section == "Organelles" && c.Text.Contains("Ribosome | Makes proteins", StringComparison.Ordinal));
        Assert.Contains(chunks, c => c.Page == 3 && c.Text.Contains("Ask three questions.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Html_keeps_the_main_text_without_scripts_styles_or_navigation()
    {
        var chinese = CorpusText.ChineseParagraph(41);
        var path = TestCorpus.WriteHtml(dir.Path,
        [
            CorpusBlock.Heading(1, "水的循环"),
            CorpusBlock.Paragraph(chinese),
            CorpusBlock.Heading(2, "Evaporation"),
            CorpusBlock.Paragraph($"Water turns into vapour {Guid.NewGuid():N}."),
        ]);
        var chunks = await IngestAsync(path, "water.html");

        var all = string.Join("\n", chunks.Select(c => c.Text));
        Assert.Contains(chunks, c => c.Section == "水的循环" && c.Text.Contains(chinese, StringComparison.Ordinal));
        Assert.Contains(chunks, c => c.Section == "水的循环 / Evaporation" && c.Text.Contains("Water turns into vapour", StringComparison.Ordinal));
        foreach (var chrome in new[] { "SCRIPT_TEXT", "NAV_LINK", "SITE_HEADER", "SITE_FOOTER", "color: red" })
        {
            Assert.DoesNotContain(chrome, all, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Markdown_headings_are_sections_and_code_blocks_are_kept()
    {
        var chinese = CorpusText.ChineseParagraph(51);
        var markdown = $"# 编程入门\n\n{chinese}\n\n## 示例代码\n\n```python\nprint('你好')\nx = 3.14\n```\n\nMarker {Guid.NewGuid():N}.\n";
        var chunks = await IngestAsync(TestCorpus.WriteText(dir.Path, markdown, "lesson.md"), "lesson.md");

        Assert.Contains(chunks, c => c.Section == "编程入门" && c.Text.Contains(chinese, StringComparison.Ordinal));
        Assert.Contains(chunks, c => c.Section == "编程入门 / 示例代码" && c.Text.Contains("print('你好')\nx = 3.14", StringComparison.Ordinal));
        Assert.DoesNotContain(chunks, c => c.Text.Contains("```", StringComparison.Ordinal));
    }

    private async Task<IReadOnlyList<IngestedChunk>> IngestAsync(string path, string fileName, int? expectedPages = null)
    {
        var accepted = await api.UploadAcceptedAsync(await File.ReadAllBytesAsync(path), fileName);
        var task = await api.WaitForFinalAsync(accepted.GetProperty("taskId").GetGuid());
        Assert.True(task.GetProperty("status").GetString() == "succeeded", $"Ingestion of {fileName} did not succeed: {task}");
        var documentId = accepted.GetProperty("documentId").GetGuid();
        var document = await api.GetJsonAsync($"/api/v1/documents/{documentId}");
        Assert.Equal("ready", document.GetProperty("status").GetString());
        if (expectedPages is not null)
        {
            Assert.Equal(expectedPages, document.GetProperty("pageCount").GetInt32());
        }

        var page = await api.GetJsonAsync($"/api/v1/documents/{documentId}/chunks?pageSize=100");
        var chunks = page.GetProperty("items").EnumerateArray().Select(IngestedChunk.From).ToList();
        Assert.Equal(task.GetProperty("result").GetProperty("chunkCount").GetInt32(), chunks.Count);
        Assert.Equal(Enumerable.Range(0, chunks.Count), chunks.Select(c => c.Ordinal));
        return chunks;
    }
}
