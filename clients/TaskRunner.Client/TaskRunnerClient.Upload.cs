using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace TaskRunner.Client;

public partial class TaskRunnerClient
{
    /// <summary>
    /// Uploads a document (POST /api/v1/documents) and tells both success answers apart: 202 with the ingestion task,
    /// or 200 when the same content was uploaded before. <paramref name="bytesSent"/> reports how much of the file went out.
    /// Refusals throw <see cref="ApiException{ProblemDetails}"/> with the problem's code.
    /// </summary>
    public async Task<UploadResult> UploadFileAsync(Stream content, string fileName, string? title = null, bool reindex = false,
        IProgress<long>? bytesSent = null, CancellationToken cancellationToken = default)
    {
        using var form = new MultipartFormDataContent();
        var file = new ProgressStreamContent(content, bytesSent);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", fileName);
        if (title is not null)
        {
            form.Add(new StringContent(title), "title");
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, reindex ? "api/v1/documents?reindex=true" : "api/v1/documents") { Content = form };
        using var response = await _httpClient.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        return response.StatusCode switch
        {
            HttpStatusCode.Accepted => new UploadResult(JsonSerializer.Deserialize<UploadAccepted>(text, JsonSerializerSettings), null),
            HttpStatusCode.OK => new UploadResult(null, JsonSerializer.Deserialize<ExistingDocument>(text, JsonSerializerSettings)),
            _ => throw Problem(response, text),
        };
    }

    /// <summary>Uploads a file from disk; see <see cref="UploadFileAsync(Stream, string, string?, bool, IProgress{long}?, CancellationToken)"/>.</summary>
    public async Task<UploadResult> UploadFileAsync(string path, string? title = null, bool reindex = false, IProgress<long>? bytesSent = null,
        CancellationToken cancellationToken = default)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true);
        return await UploadFileAsync(stream, Path.GetFileName(path), title, reindex, bytesSent, cancellationToken).ConfigureAwait(false);
    }
}
