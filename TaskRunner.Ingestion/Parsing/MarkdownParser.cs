using Markdig;
using Markdig.Extensions.Tables;
using Markdig.Extensions.Yaml;
using Markdig.Syntax;

namespace TaskRunner.Ingestion.Parsing;

/// <summary>
/// Markdown via Markdig: headings open sections (heading path), paragraphs and code blocks are blocks,
/// a list is one block with an item per line, a table one block with a row per line ("cell | cell").
/// </summary>
public sealed class MarkdownParser : IDocumentParser
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UsePipeTables()
        .UseGridTables()
        .UseYamlFrontMatter()
        .Build();

    public DocumentKind Kind => DocumentKind.Markdown;

    public async Task<ParsedDocument> ParseAsync(string filePath, ParseContext context, CancellationToken ct)
    {
        var decoded = await TextDecoder.DecodeFileAsync(filePath, ct);
        var document = Markdown.Parse(decoded.Text, Pipeline);
        var blocks = new BlockCollector(context.Limits);
        var headings = new HeadingPath();
        foreach (var block in document)
        {
            ct.ThrowIfCancellationRequested();
            Visit(block, blocks, headings);
        }

        return blocks.Build(pageCount: null);
    }

    private static void Visit(Block block, BlockCollector blocks, HeadingPath headings)
    {
        switch (block)
        {
            case HeadingBlock heading:
                var title = MarkdownText.Inline(heading.Inline);
                headings.Enter(heading.Level, title);
                blocks.Add(title, headings.Current, null);
                break;
            case YamlFrontMatterBlock or ThematicBreakBlock or LinkReferenceDefinitionGroup:
                break;
            case ListBlock or Table or ParagraphBlock or CodeBlock:
                blocks.Add(MarkdownText.Block(block), headings.Current, null);
                break;
            case ContainerBlock container:
                foreach (var child in container)
                {
                    Visit(child, blocks, headings);
                }

                break;
            default:
                blocks.Add(MarkdownText.Block(block), headings.Current, null);
                break;
        }
    }
}
