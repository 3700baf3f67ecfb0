using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Dapper;
using Npgsql;
using TaskRunner.IntegrationTests.Infrastructure;
using TaskRunner.Testing.Corpus;

namespace TaskRunner.IntegrationTests.Documents;

/// <summary>
/// A document's content type is the media type of the format its content was detected as, not what the client's
/// multipart request or part declared (a request's <c>multipart/form-data; boundary=…</c> or a generic
/// <c>application/octet-stream</c> part say nothing about the file, and detection may overrule a part's type).
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class UploadContentTypeTests(PlatformFixture platform) : IDisposable
{
    private readonly CorpusDirectory dir = new();

    public void Dispose() => dir.Dispose();

    [Theory]
    [InlineData("notes.txt", "application/octet-stream", "text/plain")]
    [InlineData("notes.md", "text/plain", "text/markdown")]
    [InlineData("page.html", null, "text/html")]
    public async Task A_text_upload_is_stored_with_the_media_type_of_its_detected_format(string fileName, string? partType, string expected)
    {
        var content = Encoding.UTF8.GetBytes(fileName.EndsWith(".html", StringComparison.Ordinal)
            ? $"<html><body><h1>Leaves {Guid.NewGuid():N}</h1><p>Photosynthesis.</p></body></html>"
            : $"# Leaves {Guid.NewGuid():N}\n\nPhotosynthesis turns light into sugar.\n");
        var documentId = await UploadAsync(content, fileName, partType);

        Assert.Equal(expected, await StoredContentTypeAsync(documentId));
    }

    [Fact]
    public async Task A_pdf_sent_as_a_generic_part_is_stored_as_application_pdf()
    {
        var pdf = await File.ReadAllBytesAsync(TestCorpus.WritePdf(dir.Path, [[$"Page {Guid.NewGuid():N}."]], "lesson.pdf"));
        var documentId = await UploadAsync(pdf, "lesson.pdf", "application/octet-stream");

        Assert.Equal("application/pdf", await StoredContentTypeAsync(documentId));
    }

    private async Task<Guid> UploadAsync(byte[] content, string fileName, string? partType)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(content);
        if (partType is not null)
        {
            file.Headers.ContentType = new MediaTypeHeaderValue(partType);
        }

        form.Add(file, "file", fileName);
        using var response = await platform.Client.PostAsync("/api/v1/documents", form);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"Expected 202, got {(int)response.StatusCode}: {body}");
        return JsonSerializer.Deserialize<JsonElement>(body).GetProperty("documentId").GetGuid();
    }

    private async Task<string?> StoredContentTypeAsync(Guid documentId)
    {
        await using var connection = new NpgsqlConnection(platform.ConnectionString);
        return await connection.QuerySingleAsync<string?>("select content_type from documents where id = @documentId", new { documentId });
    }
}
