using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Wordprocessing;

namespace TaskRunner.Ingestion.Parsing;

/// <summary>Plain text of Word paragraphs and tables.</summary>
internal static class DocxText
{
    public static string Of(Paragraph paragraph)
    {
        var builder = new StringBuilder();
        foreach (var element in paragraph.Descendants())
        {
            switch (element)
            {
                case Text text:
                    builder.Append(text.Text);
                    break;
                case TabChar:
                    builder.Append('\t');
                    break;
                case Break or CarriageReturn:
                    builder.Append('\n');
                    break;
                case NoBreakHyphen:
                    builder.Append('-');
                    break;
            }
        }

        return builder.ToString();
    }

    public static string Of(Table table)
    {
        var rows = table.Elements<TableRow>()
            .Select(row => string.Join(" | ", row.Elements<TableCell>().Select(CellText)))
            .Where(row => row.Replace("|", string.Empty, StringComparison.Ordinal).Trim().Length > 0);
        return string.Join('\n', rows);
    }

    private static string CellText(OpenXmlElement cell) =>
        string.Join(' ', cell.Elements<Paragraph>().Select(Of).Select(t => t.Replace('\n', ' ').Trim()).Where(t => t.Length > 0));
}
