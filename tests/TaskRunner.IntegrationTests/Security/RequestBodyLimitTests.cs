using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using TaskRunner.IntegrationTests.Infrastructure;

namespace TaskRunner.IntegrationTests.Security;

/// <summary>JSON bodies are capped before they are read whole; uploads keep their own limit and never leave a file behind.</summary>
[Collection(PlatformCollection.Name)]
public sealed class RequestBodyLimitTests(PlatformFixture platform)
{
    private static readonly byte[] TwoMegabytesOfJson = Encoding.UTF8.GetBytes($$"""{"query":"{{new string('光', 700_000)}}","topK":5}""");

    [Fact]
    public async Task A_json_body_over_the_cap_is_413_request_too_large_whether_its_length_is_declared_or_not()
    {
        using var declared = new ByteArrayContent(TwoMegabytesOfJson) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } };
        using var withLength = await platform.Client.PostAsync("/api/v1/search", declared);
        await AssertTooLargeAsync(withLength);

        using var chunked = new UnsizedContent(TwoMegabytesOfJson, "application/json");
        using var streaming = StreamingClient();
        using var streamed = await streaming.PostAsync("/api/v1/search", chunked);
        await AssertTooLargeAsync(streamed);

        // The same endpoint still takes a normal body.
        using var normal = await platform.Client.PostAsJsonAsync("/api/v1/search", new { query = "光合作用", topK = 3 });
        Assert.Equal(HttpStatusCode.OK, normal.StatusCode);
    }

    [Fact]
    public async Task An_upload_over_the_json_cap_is_still_read_under_the_upload_limit()
    {
        var bytes = new byte[1_500_000];
        new Random(15).NextBytes(bytes);
        using var response = await platform.ApiClient.UploadAsync(bytes, "noise.bin");
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.NotEqual("request_too_large", problem.GetProperty("code").GetString());
    }

    [Fact]
    public async Task An_upload_aborted_after_its_file_part_leaves_no_stored_file()
    {
        // The real server, and a client that sends the file part and the start of the next one, then drops the connection.
        await using var api = await ApiProcess.StartAsync(platform.Settings);
        var before = StoredFiles();
        var file = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("An upload whose client goes away. ", 60)));
        const string boundary = "aborting-upload";
        var head = Encoding.ASCII.GetBytes(
            $"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"gone.txt\"\r\nContent-Type: text/plain\r\n\r\n");
        var tail = Encoding.ASCII.GetBytes($"\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nA title that never ends");
        var request = Encoding.ASCII.GetBytes(
            $"POST /api/v1/documents HTTP/1.1\r\nHost: {api.BaseAddress.Authority}\r\n" +
            $"Authorization: Bearer {platform.Client.DefaultRequestHeaders.Authorization!.Parameter}\r\n" +
            $"Content-Type: multipart/form-data; boundary={boundary}\r\nContent-Length: {head.Length + file.Length + tail.Length + 4096}\r\n\r\n");

        using (var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
        {
            await socket.ConnectAsync(api.BaseAddress.Host, api.BaseAddress.Port);
            foreach (var bytes in new[] { request, head, file, tail })
            {
                await socket.SendAsync(bytes);
            }

            // Drop the connection only once the file part is completely on disk, so the Api holds a stored file.
            using var stored = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            while (!StoredFiles().Except(before).Any(f => new FileInfo(f).Length == file.Length))
            {
                await Task.Delay(20, stored.Token);
            }

            socket.LingerState = new LingerOption(true, 0);
        }

        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (StoredFiles().Except(before).Any() && !deadline.IsCancellationRequested)
        {
            await Task.Delay(50);
        }

        Assert.Empty(StoredFiles().Except(before));
    }

    /// <summary>A client without the test host's redirect handler, which would buffer a whole body (and give it a length) before sending it.</summary>
    private HttpClient StreamingClient()
    {
        var client = platform.CreateBrowserClient();
        client.DefaultRequestHeaders.Authorization = platform.Client.DefaultRequestHeaders.Authorization;
        return client;
    }

    private HashSet<string> StoredFiles() => [.. Directory.GetFiles(platform.StorageRoot, "*", SearchOption.AllDirectories)];

    private static async Task AssertTooLargeAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("request_too_large", problem.GetProperty("code").GetString());
    }

    /// <summary>A body sent without Content-Length (chunked), as a streaming client would.</summary>
    private sealed class UnsizedContent : HttpContent
    {
        private readonly byte[] body;

        public UnsizedContent(byte[] body, string contentType)
        {
            this.body = body;
            Headers.ContentType = new MediaTypeHeaderValue(contentType);
        }

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => stream.WriteAsync(body).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
