using System.Net;
using System.Text;
using System.Text.Json;
using Dapper;
using Npgsql;
using TaskRunner.IntegrationTests.Api;
using TaskRunner.IntegrationTests.Infrastructure;
using TaskRunner.Testing.Corpus;

namespace TaskRunner.IntegrationTests.Documents;

/// <summary>
/// Issue #3's hostile files through the Api: refused at upload with a 4xx problem when the bytes say so at once, or a
/// task that fails with the documented code, keeps the upload for inspection, and leaves the worker able to take the next job.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class HostileUploadTests(PlatformFixture platform) : IDisposable
{
    private readonly TaskRunnerApiClient api = platform.ApiClient;
    private readonly CorpusDirectory dir = new();

    public void Dispose() => dir.Dispose();

    [Fact]
    public async Task A_pdf_named_docx_is_a_415_type_mismatch_at_upload()
    {
        var pdf = TestCorpus.WritePdf(dir.Path, [["Page one."]], "report.docx");
        using var response = await api.UploadAsync(await File.ReadAllBytesAsync(pdf), "report.docx");
        await AssertProblemAsync(response, HttpStatusCode.UnsupportedMediaType, "type_mismatch");
    }

    [Fact]
    public async Task A_zero_byte_docx_is_a_400_problem()
    {
        using var response = await api.UploadAsync([], "empty.docx");
        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "empty_file");
    }

    [Fact]
    public async Task A_png_is_a_415_problem()
    {
        using var response = await api.UploadAsync(await File.ReadAllBytesAsync(TestCorpus.WritePng(dir.Path)), "photo.png");
        await AssertProblemAsync(response, HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");
    }

    [Fact]
    public Task A_truncated_docx_fails_with_file_corrupt_and_the_worker_goes_on() =>
        AssertFailsCleanlyAsync(TestCorpus.WriteTruncatedZip(dir.Path), "truncated.docx", "file_corrupt");

    [Fact]
    public Task A_zip_bomb_docx_fails_with_archive_too_large_and_the_worker_goes_on() =>
        AssertFailsCleanlyAsync(TestCorpus.WriteZipBomb(dir.Path), "bomb.docx", "archive_too_large");

    [Fact]
    public Task A_page_of_150000_nested_divs_fails_with_nesting_too_deep_and_the_worker_goes_on() =>
        AssertFailsCleanlyAsync(TestCorpus.WriteDeeplyNestedHtml(dir.Path), "nested.html", "nesting_too_deep");

    [Fact]
    public Task An_encrypted_pdf_fails_with_pdf_encrypted_and_the_worker_goes_on() =>
        AssertFailsCleanlyAsync(TestCorpus.WriteEncryptedPdf(dir.Path), "locked.pdf", "pdf_encrypted");

    [Fact]
    public Task An_image_only_pdf_fails_with_pdf_no_text_and_the_worker_goes_on() =>
        AssertFailsCleanlyAsync(TestCorpus.WriteImageOnlyPdf(dir.Path), "scanned.pdf", "pdf_no_text");

    [Fact]
    public Task A_corrupt_pdf_fails_with_file_corrupt_and_the_worker_goes_on() =>
        AssertFailsCleanlyAsync(TestCorpus.WriteCorruptPdf(dir.Path), "corrupt.pdf", "file_corrupt");

    [Fact]
    public async Task Ten_megabytes_on_one_line_is_ingested_into_many_chunks()
    {
        // README: Parsing__MaxExtractedChars defaults to 20 M characters, so 10 M characters on one line are within the limits.
        var path = TestCorpus.WriteLongSingleLine(dir.Path);
        var accepted = await api.UploadAcceptedAsync(await File.ReadAllBytesAsync(path), "one-line.txt");
        var task = await api.WaitForFinalAsync(accepted.GetProperty("taskId").GetGuid(), TimeSpan.FromMinutes(5));

        Assert.True(task.GetProperty("status").GetString() == "succeeded", task.ToString());
        var chunkCount = task.GetProperty("result").GetProperty("chunkCount").GetInt32();
        Assert.True(chunkCount > 10_000, $"Expected many chunks of at most 400 characters, got {chunkCount}.");
        var first = await api.GetJsonAsync($"/api/v1/documents/{accepted.GetProperty("documentId").GetGuid()}/chunks?pageSize=1");
        Assert.Equal(chunkCount, first.GetProperty("total").GetInt32());
    }

    private async Task AssertFailsCleanlyAsync(string path, string fileName, string expectedCode)
    {
        var accepted = await api.UploadAcceptedAsync(await File.ReadAllBytesAsync(path), fileName);
        var documentId = accepted.GetProperty("documentId").GetGuid();
        var task = await api.WaitForFinalAsync(accepted.GetProperty("taskId").GetGuid());

        Assert.True(task.GetProperty("status").GetString() == "failed", task.ToString());
        Assert.Equal(expectedCode, task.GetProperty("error").GetProperty("code").GetString());
        Assert.False(string.IsNullOrWhiteSpace(task.GetProperty("error").GetProperty("message").GetString()));
        Assert.Equal(1, task.GetProperty("attempts").GetInt32());

        var document = await api.GetJsonAsync($"/api/v1/documents/{documentId}");
        Assert.Equal("failed", document.GetProperty("status").GetString());
        await using (var connection = new NpgsqlConnection(platform.ConnectionString))
        {
            var storagePath = await connection.ExecuteScalarAsync<string>("select storage_path from documents where id = @documentId", new { documentId });
            Assert.False(string.IsNullOrEmpty(storagePath));
            var kept = Path.Combine(platform.StorageRoot, storagePath!);
            Assert.True(File.Exists(kept), $"The upload should be kept for inspection at {kept}.");
            Assert.Equal(await File.ReadAllBytesAsync(path), await File.ReadAllBytesAsync(kept));
        }

        var next = await api.UploadAcceptedAsync(Encoding.UTF8.GetBytes($"The next lesson {Guid.NewGuid()}.\n\nIt parses fine."), "next.txt");
        var nextTask = await api.WaitForFinalAsync(next.GetProperty("taskId").GetGuid());
        Assert.Equal("succeeded", nextTask.GetProperty("status").GetString());
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"Expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(code, JsonSerializer.Deserialize<JsonElement>(body).GetProperty("code").GetString());
    }
}
