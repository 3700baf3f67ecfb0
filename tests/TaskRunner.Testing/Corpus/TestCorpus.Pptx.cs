using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Presentation;
using A = DocumentFormat.OpenXml.Drawing;

namespace TaskRunner.Testing.Corpus;

public static partial class TestCorpus
{
    /// <summary>
    /// A minimal presentation: per slide a title placeholder, a body shape, an optional table and optional notes.
    /// Slide parts are created in reverse so that part order differs from the slide id list (the order that counts).
    /// </summary>
    public static string WritePptx(string dir, IReadOnlyList<CorpusSlide> slides, string fileName = "lesson.pptx")
    {
        var path = Path.Combine(dir, fileName);
        using var document = PresentationDocument.Create(path, PresentationDocumentType.Presentation);
        var presentationPart = document.AddPresentationPart();
        var relationshipIds = new string[slides.Count];
        for (var i = slides.Count - 1; i >= 0; i--)
        {
            relationshipIds[i] = $"rIdSlide{i + 1}";
            var slidePart = presentationPart.AddNewPart<SlidePart>(relationshipIds[i]);
            slidePart.Slide = new Slide(new CommonSlideData(SlideShapes(slides[i], isNotes: false)));
            if (slides[i].Notes is { } notes)
            {
                var notesPart = slidePart.AddNewPart<NotesSlidePart>();
                notesPart.NotesSlide = new NotesSlide(new CommonSlideData(NotesShapes(notes)));
            }
        }

        presentationPart.Presentation = new Presentation(
            new SlideIdList(relationshipIds.Select((id, i) => new SlideId { Id = (uint)(256 + i), RelationshipId = id })),
            new SlideSize { Cx = 9144000, Cy = 6858000 },
            new NotesSize { Cx = 6858000, Cy = 9144000 });
        return path;
    }

    private static ShapeTree SlideShapes(CorpusSlide slide, bool isNotes)
    {
        var tree = EmptyShapeTree();
        tree.Append(TextShape(2, PlaceholderValues.Title, [slide.Title]));
        tree.Append(TextShape(3, PlaceholderValues.Body, slide.Bullets));
        tree.Append(TextShape(5, PlaceholderValues.Footer, ["SLIDE_FOOTER"]));
        if (slide.Table is { } rows && !isNotes)
        {
            tree.Append(TableFrame(4, rows));
        }

        return tree;
    }

    private static ShapeTree NotesShapes(string notes)
    {
        var tree = EmptyShapeTree();
        tree.Append(TextShape(2, PlaceholderValues.SlideNumber, ["7"]));
        tree.Append(TextShape(3, PlaceholderValues.Body, [notes]));
        return tree;
    }

    private static ShapeTree EmptyShapeTree() => new(
        new NonVisualGroupShapeProperties(
            new NonVisualDrawingProperties { Id = 1, Name = string.Empty },
            new NonVisualGroupShapeDrawingProperties(),
            new ApplicationNonVisualDrawingProperties()),
        new GroupShapeProperties(new A.TransformGroup()));

    private static Shape TextShape(uint id, PlaceholderValues placeholder, IEnumerable<string> paragraphs) => new(
        new NonVisualShapeProperties(
            new NonVisualDrawingProperties { Id = id, Name = $"Shape {id}" },
            new NonVisualShapeDrawingProperties(),
            new ApplicationNonVisualDrawingProperties(new PlaceholderShape { Type = placeholder })),
        new ShapeProperties(),
        new TextBody(
            [new A.BodyProperties(), new A.ListStyle(), .. paragraphs.Select(p => new A.Paragraph(new A.Run(new A.Text(p))))]));

    private static GraphicFrame TableFrame(uint id, IReadOnlyList<IReadOnlyList<string>> rows)
    {
        var table = new A.Table(new A.TableProperties(), new A.TableGrid(rows[0].Select(_ => new A.GridColumn { Width = 1000000 })));
        foreach (var row in rows)
        {
            table.Append(new A.TableRow(row.Select(cell => new A.TableCell(
                new A.TextBody(new A.BodyProperties(), new A.ListStyle(), new A.Paragraph(new A.Run(new A.Text(cell)))),
                new A.TableCellProperties()))) { Height = 370840 });
        }

        return new GraphicFrame(
            new NonVisualGraphicFrameProperties(
                new NonVisualDrawingProperties { Id = id, Name = "Table" },
                new NonVisualGraphicFrameDrawingProperties(),
                new ApplicationNonVisualDrawingProperties()),
            new Transform(new A.Offset { X = 0, Y = 0 }, new A.Extents { Cx = 3000000, Cy = 1000000 }),
            new A.Graphic(new A.GraphicData(table) { Uri = "http://schemas.openxmlformats.org/drawingml/2006/table" }));
    }
}
