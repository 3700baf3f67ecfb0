using System.Text;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;

namespace TaskRunner.Testing.Corpus;

public static partial class TestCorpus
{
    /// <summary>
    /// A CJK TrueType font for Chinese PDFs, from the Debian package fonts-arphic-gbsn00lp (scripts/test.sh installs
    /// it); null when not installed. Chinese PDF tests assert it is present and fail without it, so they never pass unchecked.
    /// </summary>
    public static string? CjkFontPath { get; } = new[]
    {
        "/usr/share/fonts/truetype/arphic-gbsn00lp/gbsn00lp.ttf",
    }.FirstOrDefault(File.Exists);

    /// <summary>
    /// One PDF page per entry; each page's paragraphs are wrapped into lines. English uses Helvetica; pass
    /// <paramref name="trueTypeFontPath"/> (e.g. <see cref="CjkFontPath"/>) for Chinese text.
    /// </summary>
    public static string WritePdf(string dir, IReadOnlyList<IReadOnlyList<string>> pages, string fileName = "lesson.pdf", string? trueTypeFontPath = null)
    {
        using var builder = new PdfDocumentBuilder();
        var font = trueTypeFontPath is null
            ? builder.AddStandard14Font(Standard14Font.Helvetica)
            : builder.AddTrueTypeFont(File.ReadAllBytes(trueTypeFontPath));
        var lineLength = trueTypeFontPath is null ? 90 : 38;
        foreach (var paragraphs in pages)
        {
            var page = builder.AddPage(595, 842);
            var y = 800.0;
            foreach (var paragraph in paragraphs)
            {
                foreach (var line in Wrap(paragraph, lineLength))
                {
                    page.AddText(line, 11, new PdfPoint(40, y), font);
                    y -= 14;
                }

                y -= 14;
            }
        }

        return WriteBytes(dir, builder.Build(), fileName);
    }

    /// <summary>A valid PDF whose only page holds a picture and no text, like a scanned document.</summary>
    public static string WriteImageOnlyPdf(string dir, string fileName = "scanned.pdf")
    {
        using var builder = new PdfDocumentBuilder();
        var page = builder.AddPage(595, 842);
        page.AddPng(TinyPng.Create(8, 8), new PdfRectangle(40, 400, 540, 800));
        return WriteBytes(dir, builder.Build(), fileName);
    }

    /// <summary>
    /// A hand-built PDF 1.4 whose trailer references a Standard security handler with a user password
    /// (the /U entry does not match the empty password), so it cannot be opened without one.
    /// </summary>
    public static string WriteEncryptedPdf(string dir, string fileName = "locked.pdf")
    {
        var random = new Random(42);
        string Hex(int bytes) => Convert.ToHexString([.. Enumerable.Range(0, bytes).Select(_ => (byte)random.Next(256))]);
        var objects = new[]
        {
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
            $"<< /Length 16 >>\nstream\n{Hex(8)}\nendstream",
            $"<< /Filter /Standard /V 1 /R 2 /O <{Hex(32)}> /U <{Hex(32)}> /P -3904 >>",
        };
        var pdf = new StringBuilder("%PDF-1.4\n");
        var offsets = new List<int>();
        for (var i = 0; i < objects.Length; i++)
        {
            offsets.Add(pdf.Length);
            pdf.Append($"{i + 1} 0 obj\n{objects[i]}\nendobj\n");
        }

        var xref = pdf.Length;
        pdf.Append($"xref\n0 {objects.Length + 1}\n0000000000 65535 f \n");
        foreach (var offset in offsets)
        {
            pdf.Append($"{offset:D10} 00000 n \n");
        }

        var id = Hex(16);
        pdf.Append($"trailer\n<< /Size {objects.Length + 1} /Root 1 0 R /Encrypt 5 0 R /ID [<{id}> <{id}>] >>\nstartxref\n{xref}\n%%EOF\n");
        return WriteBytes(dir, Encoding.ASCII.GetBytes(pdf.ToString()), fileName);
    }

    /// <summary>Starts like a PDF, then garbage: no objects, no xref, no trailer.</summary>
    public static string WriteCorruptPdf(string dir, string fileName = "corrupt.pdf")
    {
        var garbage = new byte[4096];
        new Random(3).NextBytes(garbage);
        return WriteBytes(dir, [.. "%PDF-1.7\n"u8.ToArray(), .. garbage], fileName);
    }

    private static IEnumerable<string> Wrap(string text, int lineLength)
    {
        var line = new StringBuilder();
        foreach (var word in text.Split(' '))
        {
            var rest = word;
            while (rest.Length > lineLength)
            {
                if (line.Length > 0)
                {
                    yield return line.ToString();
                    line.Clear();
                }

                yield return rest[..lineLength];
                rest = rest[lineLength..];
            }

            if (line.Length > 0 && line.Length + 1 + rest.Length > lineLength)
            {
                yield return line.ToString();
                line.Clear();
            }

            line.Append(line.Length > 0 ? " " : string.Empty).Append(rest);
        }

        if (line.Length > 0)
        {
            yield return line.ToString();
        }
    }
}
