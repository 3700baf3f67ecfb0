using System.Text;
using System.Text.RegularExpressions;
using AngleSharp.Dom;

namespace TaskRunner.Ingestion.Parsing;

/// <summary>
/// HTML via AngleSharp: the main text only (the &lt;main&gt; or &lt;article&gt; element when present, else the body
/// without header/footer), never script/style/nav/aside/noscript; h1–h6 open sections (heading path).
/// The charset comes from a BOM, then a &lt;meta&gt; declaration, then <see cref="TextDecoder"/>.
/// </summary>
public sealed partial class HtmlParser : IDocumentParser
{
    private const int CharsetSniffBytes = 2048;
    private const string AlwaysRemoved = "script, style, noscript, template, nav, aside, svg, iframe, object, canvas";

    public DocumentKind Kind => DocumentKind.Html;

    public async Task<ParsedDocument> ParseAsync(string filePath, ParseContext context, CancellationToken ct)
    {
        var bytes = await File.ReadAllBytesAsync(filePath, ct);
        var html = Decode(bytes);
        HtmlNesting.Check(html);
        var document = await new AngleSharp.Html.Parser.HtmlParser().ParseDocumentAsync(html, ct);

        foreach (var element in document.QuerySelectorAll(AlwaysRemoved).ToList())
        {
            element.Remove();
        }

        var root = document.QuerySelector("main") ?? document.QuerySelector("article");
        if (root is null)
        {
            root = document.Body ?? document.DocumentElement;
            foreach (var element in root.QuerySelectorAll("header, footer").ToList())
            {
                element.Remove();
            }
        }

        var blocks = new BlockCollector(context.Limits);
        new HtmlTextWalker(blocks, ct).Walk(root);
        return blocks.Build(pageCount: null);
    }

    private static string Decode(byte[] bytes)
    {
        var hasBom = bytes is [0xEF, 0xBB, 0xBF, ..] or [0xFF, 0xFE, ..] or [0xFE, 0xFF, ..];
        if (!hasBom)
        {
            var head = Encoding.Latin1.GetString(bytes, 0, Math.Min(bytes.Length, CharsetSniffBytes));
            var match = MetaCharset().Match(head);
            if (match.Success
                && TextDecoder.TryGetEncoding(match.Groups[1].Value) is { } declared
                && declared.CodePage != Encoding.UTF8.CodePage
                && declared.CodePage != Encoding.Unicode.CodePage)
            {
                return declared.GetString(bytes);
            }
        }

        return TextDecoder.Decode(bytes).Text;
    }

    [GeneratedRegex("""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", RegexOptions.IgnoreCase)]
    private static partial Regex MetaCharset();
}
