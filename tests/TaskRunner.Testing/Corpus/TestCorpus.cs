using System.Text;

namespace TaskRunner.Testing.Corpus;

/// <summary>
/// Writes test documents into a folder and returns their paths. Everything is generated, nothing is checked in;
/// the integration tests reuse these writers. Start with <see cref="CreateTempDirectory"/>.
/// </summary>
public static partial class TestCorpus
{
    public static string CreateTempDirectory()
    {
        var dir = Path.Combine(Path.GetTempPath(), "taskrunner-corpus-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }

    public static string WriteText(string dir, string text, string fileName = "notes.txt", Encoding? encoding = null)
    {
        var path = Path.Combine(dir, fileName);
        File.WriteAllBytes(path, [.. (encoding ?? new UTF8Encoding(false)).GetPreamble(), .. (encoding ?? new UTF8Encoding(false)).GetBytes(text)]);
        return path;
    }

    /// <summary>Chinese text in GB18030 without a BOM, as Windows Notepad in a Chinese locale used to save it.</summary>
    public static string WriteGb18030Text(string dir, string text, string fileName = "chinese-gb18030.txt")
    {
        var path = Path.Combine(dir, fileName);
        File.WriteAllBytes(path, TaskRunner.Ingestion.Parsing.TextDecoder.Gb18030.GetBytes(text));
        return path;
    }

    public static string WriteBytes(string dir, byte[] bytes, string fileName)
    {
        var path = Path.Combine(dir, fileName);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    public static string WriteEmpty(string dir, string fileName = "empty.txt") => WriteBytes(dir, [], fileName);

    /// <summary>A single line of English sentences without any newline, <paramref name="chars"/> long.</summary>
    public static string WriteLongSingleLine(string dir, int chars = 10_000_000, string fileName = "one-line.txt")
    {
        var sentence = CorpusText.EnglishParagraph(seed: 7, sentences: 40) + " ";
        var builder = new StringBuilder(chars + sentence.Length);
        while (builder.Length < chars)
        {
            builder.Append(sentence);
        }

        builder.Length = chars;
        return WriteText(dir, builder.ToString(), fileName);
    }

    public static string WriteMarkdown(string dir, IEnumerable<CorpusBlock> blocks, string fileName = "lesson.md")
    {
        var builder = new StringBuilder();
        foreach (var block in blocks)
        {
            if (block.IsHeading)
            {
                builder.Append('#', block.HeadingLevel).Append(' ').AppendLine(block.Text);
            }
            else if (block.TableRows is { } rows)
            {
                builder.AppendLine("| " + string.Join(" | ", rows[0]) + " |");
                builder.AppendLine("|" + string.Concat(rows[0].Select(_ => " --- |")));
                foreach (var row in rows.Skip(1))
                {
                    builder.AppendLine("| " + string.Join(" | ", row) + " |");
                }
            }
            else
            {
                builder.AppendLine(block.Text);
            }

            builder.AppendLine();
        }

        return WriteText(dir, builder.ToString(), fileName);
    }

    /// <summary>
    /// An HTML page with site chrome (nav, header, footer, script, style) around a &lt;main&gt; holding the blocks.
    /// With <paramref name="encoding"/> the page declares and uses that charset (e.g. GB18030 declared as gb2312).
    /// </summary>
    public static string WriteHtml(string dir, IEnumerable<CorpusBlock> blocks, string fileName = "page.html", Encoding? encoding = null, string? declaredCharset = null)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html><head>");
        html.Append($"<meta charset=\"{declaredCharset ?? encoding?.WebName ?? "utf-8"}\">");
        html.Append("<title>Lesson</title><style>body { color: red; }</style><script>var secret = 'SCRIPT_TEXT';</script></head>\n<body>");
        html.Append("<header>SITE_HEADER</header><nav><a href=\"/\">NAV_LINK</a></nav><main>\n");
        foreach (var block in blocks)
        {
            if (block.IsHeading)
            {
                html.Append($"<h{block.HeadingLevel}>{Escape(block.Text)}</h{block.HeadingLevel}>\n");
            }
            else if (block.TableRows is { } rows)
            {
                html.Append("<table>");
                foreach (var row in rows)
                {
                    html.Append("<tr>").Append(string.Concat(row.Select(c => $"<td>{Escape(c)}</td>"))).Append("</tr>");
                }

                html.Append("</table>\n");
            }
            else
            {
                html.Append($"<p>{Escape(block.Text)}</p>\n");
            }
        }

        html.Append("</main><aside>ASIDE_TEXT</aside><footer>SITE_FOOTER</footer><noscript>NOSCRIPT_TEXT</noscript></body></html>");
        var bytes = (encoding ?? new UTF8Encoding(false)).GetBytes(html.ToString());
        return WriteBytes(dir, bytes, fileName);
    }

    private static string Escape(string text) => System.Net.WebUtility.HtmlEncode(text);
}
