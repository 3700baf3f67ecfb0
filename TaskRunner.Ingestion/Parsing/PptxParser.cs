using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Presentation;

namespace TaskRunner.Ingestion.Parsing;

/// <summary>
/// PowerPoint via OpenXml, slide by slide in presentation order: Page is the 1-based slide number, Section the
/// slide title; every shape's text, tables ("cell | cell" rows) and the speaker notes ("Notes: …") are blocks.
/// </summary>
public sealed class PptxParser : IDocumentParser
{
    public DocumentKind Kind => DocumentKind.Pptx;

    public async Task<ParsedDocument> ParseAsync(string filePath, ParseContext context, CancellationToken ct)
    {
        await using var stream = await OfficePackage.LoadAsync(filePath, context.Limits, ct);
        using var document = OfficePackage.Open(() => PresentationDocument.Open(stream, false, OfficePackage.Settings(context.Limits)));
        var presentation = document.PresentationPart ?? throw ParseErrors.Corrupt("the presentation has no main part");
        var slideIds = presentation.Presentation?.SlideIdList?.Elements<SlideId>().ToList() ?? [];
        if (slideIds.Count > context.Limits.MaxPages)
        {
            throw ParseErrors.TooManyPages(slideIds.Count, context.Limits.MaxPages, "slide");
        }

        var blocks = new BlockCollector(context.Limits);
        for (var index = 0; index < slideIds.Count; index++)
        {
            ct.ThrowIfCancellationRequested();
            var number = index + 1;
            var relationshipId = slideIds[index].RelationshipId?.Value
                ?? throw ParseErrors.Corrupt($"slide {number} has no relationship id");
            if (presentation.GetPartById(relationshipId) is not SlidePart slide)
            {
                throw ParseErrors.Corrupt($"slide {number} is missing");
            }

            AddSlide(slide, number, blocks);
            await context.ReportAsync(number, slideIds.Count, "slide", ct);
        }

        return blocks.Build(slideIds.Count);
    }

    private static void AddSlide(SlidePart slide, int number, BlockCollector blocks)
    {
        var shapes = slide.Slide?.CommonSlideData?.ShapeTree;
        var title = shapes is null ? null : PptxText.Title(shapes);
        if (shapes is not null)
        {
            foreach (var text in PptxText.ShapeTexts(shapes))
            {
                blocks.Add(text, title, number);
            }
        }

        var notesShapes = slide.NotesSlidePart?.NotesSlide?.CommonSlideData?.ShapeTree;
        if (notesShapes is not null)
        {
            var notes = string.Join('\n', PptxText.ShapeTexts(notesShapes));
            if (!string.IsNullOrWhiteSpace(notes))
            {
                blocks.Add("Notes: " + notes.Trim(), title, number);
            }
        }
    }
}
