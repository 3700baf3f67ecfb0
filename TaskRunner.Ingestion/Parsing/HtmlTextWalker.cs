using System.Text;
using AngleSharp.Dom;

namespace TaskRunner.Ingestion.Parsing;

/// <summary>Walks a DOM subtree and turns block-level elements into blocks, headings into sections.</summary>
internal sealed class HtmlTextWalker(BlockCollector blocks, CancellationToken ct)
{
    private static readonly HashSet<string> BlockElements = new(StringComparer.OrdinalIgnoreCase)
    {
        "p", "div", "li", "ul", "ol", "dl", "dt", "dd", "section", "article", "main", "blockquote", "figure",
        "figcaption", "address", "details", "summary", "hr", "form", "fieldset", "header", "footer", "caption",
    };

    private readonly HeadingPath _headings = new();
    private readonly StringBuilder _buffer = new();

    public void Walk(INode node)
    {
        WalkChildren(node);
        Flush();
    }

    private void WalkChildren(INode node)
    {
        foreach (var child in node.ChildNodes)
        {
            switch (child)
            {
                case IText text:
                    _buffer.Append(InlineWhitespace.Collapse(text.Data));
                    break;
                case IElement element:
                    Visit(element);
                    break;
            }
        }
    }

    private void Visit(IElement element)
    {
        var tag = element.LocalName;
        if (tag.Length == 2 && tag[0] == 'h' && tag[1] is >= '1' and <= '6')
        {
            Flush();
            var title = InlineWhitespace.Collapse(element.TextContent).Trim();
            _headings.Enter(tag[1] - '0', title);
            blocks.Add(title, _headings.Current, null);
        }
        else if (tag == "br")
        {
            _buffer.Append('\n');
        }
        else if (tag == "pre")
        {
            Flush();
            blocks.Add(element.TextContent, _headings.Current, null);
        }
        else if (tag == "table")
        {
            Flush();
            blocks.Add(TableText(element), _headings.Current, null);
        }
        else if (BlockElements.Contains(tag))
        {
            Flush();
            WalkChildren(element);
            Flush();
        }
        else
        {
            WalkChildren(element);
        }
    }

    private void Flush()
    {
        ct.ThrowIfCancellationRequested();
        if (_buffer.Length == 0)
        {
            return;
        }

        var lines = _buffer.ToString().Split('\n').Select(line => InlineWhitespace.Collapse(line).Trim());
        blocks.Add(string.Join('\n', lines.Where(line => line.Length > 0)), _headings.Current, null);
        _buffer.Clear();
    }

    private static string TableText(IElement table)
    {
        var rows = table.QuerySelectorAll("tr")
            .Select(row => string.Join(" | ", row.Children
                .Where(cell => cell.LocalName is "td" or "th")
                .Select(cell => InlineWhitespace.Collapse(cell.TextContent).Trim())))
            .Where(row => row.Replace("|", string.Empty, StringComparison.Ordinal).Trim().Length > 0);
        return string.Join('\n', rows);
    }
}
