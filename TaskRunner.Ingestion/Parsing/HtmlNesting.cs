namespace TaskRunner.Ingestion.Parsing;

/// <summary>
/// Measures how deep an HTML file nests elements, in one linear pass before the DOM parser sees it: a tree-building
/// parser spends time per element proportional to the depth, so 150,000 nested &lt;div&gt; would hold a worker for
/// minutes. Browsers cap nesting at a few hundred levels; so do we (<see cref="MaxDepth"/>).
/// Elements that close themselves implicitly (p, li, td …) or never have content (br, img …) do not count.
/// </summary>
internal static class HtmlNesting
{
    public const int MaxDepth = 512;

    private static readonly HashSet<string> NotNesting = new(StringComparer.OrdinalIgnoreCase)
    {
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr",
        "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "thead", "tbody", "tfoot", "colgroup", "rp", "rt",
    };

    /// <summary>Throws <c>nesting_too_deep</c> when elements nest deeper than <see cref="MaxDepth"/>.</summary>
    public static void Check(string html)
    {
        var depth = 0;
        var i = 0;
        while ((i = html.IndexOf('<', i)) >= 0 && i + 1 < html.Length)
        {
            if (html.AsSpan(i).StartsWith("<!--"))
            {
                var end = html.IndexOf("-->", i + 4, StringComparison.Ordinal);
                i = end < 0 ? html.Length : end + 3;
                continue;
            }

            var closing = html[i + 1] == '/';
            var nameStart = closing ? i + 2 : i + 1;
            var nameEnd = nameStart;
            while (nameEnd < html.Length && char.IsAsciiLetterOrDigit(html[nameEnd]))
            {
                nameEnd++;
            }

            var tagEnd = html.IndexOf('>', nameEnd);
            if (nameEnd == nameStart || tagEnd < 0)
            {
                i++;
                continue;
            }

            var name = html.AsSpan(nameStart, nameEnd - nameStart);
            var selfClosing = html[tagEnd - 1] == '/';
            i = tagEnd + 1;
            if (IsRawText(name) && !closing)
            {
                var end = html.IndexOf("</" + name.ToString(), i, StringComparison.OrdinalIgnoreCase);
                i = end < 0 ? html.Length : end;
                continue;
            }

            if (selfClosing || NotNesting.GetAlternateLookup<ReadOnlySpan<char>>().Contains(name))
            {
                continue;
            }

            depth = closing ? Math.Max(0, depth - 1) : depth + 1;
            if (depth > MaxDepth)
            {
                throw ParseErrors.NestingTooDeep(MaxDepth);
            }
        }
    }

    private static bool IsRawText(ReadOnlySpan<char> name) =>
        name.Equals("script", StringComparison.OrdinalIgnoreCase) || name.Equals("style", StringComparison.OrdinalIgnoreCase)
        || name.Equals("textarea", StringComparison.OrdinalIgnoreCase) || name.Equals("title", StringComparison.OrdinalIgnoreCase);
}
