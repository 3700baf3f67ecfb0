using System.Text;
using System.Text.RegularExpressions;
using Markdig.Extensions.Tables;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace TaskRunner.Ingestion.Parsing;

/// <summary>Renders Markdig blocks and inlines as plain text (no markup, link text without URLs).</summary>
internal static partial class MarkdownText
{
    public static string Block(Block block) => block switch
    {
        HtmlBlock html => HtmlTag().Replace(html.Lines.ToString(), " "),
        CodeBlock code => code.Lines.ToString(),
        LeafBlock leaf when leaf.Inline is not null => Inline(leaf.Inline),
        LeafBlock leaf => leaf.Lines.ToString(),
        ListBlock list => List(list),
        Table table => string.Join('\n', table.OfType<TableRow>().Select(Row)),
        ContainerBlock container => string.Join('\n', container.Select(Block).Where(t => t.Length > 0)),
        _ => string.Empty,
    };

    public static string Inline(ContainerInline? container)
    {
        if (container is null)
        {
            return string.Empty;
        }

        var builder = new StringBuilder();
        Append(container, builder, 0);
        return builder.ToString().Trim();
    }

    private static void Append(Inline inline, StringBuilder builder, int depth)
    {
        if (depth > HtmlNesting.MaxDepth)
        {
            throw ParseErrors.NestingTooDeep(HtmlNesting.MaxDepth);
        }

        switch (inline)
        {
            case LiteralInline literal:
                builder.Append(literal.Content.AsSpan());
                break;
            case CodeInline code:
                builder.Append(code.Content);
                break;
            case LineBreakInline:
                builder.Append('\n');
                break;
            case AutolinkInline autolink:
                builder.Append(autolink.Url);
                break;
            case HtmlEntityInline entity:
                builder.Append(entity.Transcoded.AsSpan());
                break;
            case ContainerInline container:
                foreach (var child in container)
                {
                    Append(child, builder, depth + 1);
                }

                break;
        }
    }

    private static string List(ListBlock list)
    {
        var lines = new List<string>();
        var number = int.TryParse(list.OrderedStart, out var start) ? start : 1;
        foreach (var item in list.OfType<ListItemBlock>())
        {
            var marker = list.IsOrdered ? $"{number++}." : "-";
            lines.Add($"{marker} {Block(item)}");
        }

        return string.Join('\n', lines);
    }

    private static string Row(TableRow row) =>
        string.Join(" | ", row.OfType<TableCell>().Select(cell => Block(cell).Replace('\n', ' ')));

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex HtmlTag();
}
