using System.IO.Compression;
using System.Text;

namespace TaskRunner.Testing.Corpus;

public static partial class TestCorpus
{
    /// <summary>A real DOCX cut off in the middle, so its ZIP central directory is missing.</summary>
    public static string WriteTruncatedZip(string dir, string fileName = "truncated.docx")
    {
        var source = WriteDocx(dir, [CorpusBlock.Paragraph(CorpusText.EnglishParagraph(1, 40))], "whole-" + Guid.NewGuid().ToString("N") + ".docx");
        var bytes = File.ReadAllBytes(source);
        File.Delete(source);
        return WriteBytes(dir, bytes[..(bytes.Length / 2)], fileName);
    }

    /// <summary>
    /// A DOCX-shaped ZIP whose word/document.xml expands from a few KB to <paramref name="megabytesOfZeros"/> MB of
    /// zeros (about 1000:1). The file stays tiny and is written in well under a second.
    /// </summary>
    public static string WriteZipBomb(string dir, string fileName = "bomb.docx", int megabytesOfZeros = 16)
    {
        var path = Path.Combine(dir, fileName);
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        using (var writer = new StreamWriter(zip.CreateEntry("[Content_Types].xml").Open(), Encoding.UTF8))
        {
            writer.Write("<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>");
        }

        using var entry = zip.CreateEntry("word/document.xml", CompressionLevel.Optimal).Open();
        var zeros = new byte[1024 * 1024];
        for (var i = 0; i < megabytesOfZeros; i++)
        {
            entry.Write(zeros);
        }

        return path;
    }

    /// <summary>A DOCX-shaped ZIP with more entries than <paramref name="entries"/> allows, each tiny.</summary>
    public static string WriteZipWithManyEntries(string dir, int entries, string fileName = "many-parts.docx")
    {
        var path = Path.Combine(dir, fileName);
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        zip.CreateEntry("[Content_Types].xml");
        zip.CreateEntry("word/document.xml");
        for (var i = 0; i < entries; i++)
        {
            zip.CreateEntry($"word/media/part{i}.bin");
        }

        return path;
    }

    /// <summary>A ZIP with the given empty entries, e.g. an .xlsx-shaped archive.</summary>
    public static string WriteZip(string dir, string fileName, params string[] entryNames)
    {
        var path = Path.Combine(dir, fileName);
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        foreach (var name in entryNames)
        {
            zip.CreateEntry(name);
        }

        return path;
    }

    /// <summary>A small PNG image, for "binary file with a document extension" cases.</summary>
    /// <summary>An HTML page whose body nests <paramref name="depth"/> &lt;div&gt; elements (1.2 MB at 150,000).</summary>
    public static string WriteDeeplyNestedHtml(string dir, int depth = 150_000, string fileName = "nested.html")
    {
        var html = new System.Text.StringBuilder("<!DOCTYPE html><html><body>", (depth * 11) + 64);
        html.Insert(html.Length, "<div>", depth).Append("deep text");
        html.Insert(html.Length, "</div>", depth).Append("</body></html>");
        return WriteBytes(dir, System.Text.Encoding.UTF8.GetBytes(html.ToString()), fileName);
    }

    public static string WritePng(string dir, string fileName = "photo.png") => WriteBytes(dir, TinyPng.Create(4, 4), fileName);
}
