using TaskRunner.IntegrationTests.Infrastructure;

namespace TaskRunner.IntegrationTests.Contract;

/// <summary>
/// TaskRunner.Client is generated from clients/openapi/v1.json; this fails when that copy no longer matches the live
/// document. scripts/refresh-openapi.sh (TASKRUNNER_REFRESH_OPENAPI=1) rewrites the copy instead of failing.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class OpenApiSnapshotTests(PlatformFixture platform)
{
    [Fact]
    public async Task Checked_in_document_matches_the_live_one()
    {
        var live = OpenApiDocument.Normalise(await OpenApiDocument.FetchAsync(platform.Client));
        if (Environment.GetEnvironmentVariable("TASKRUNNER_REFRESH_OPENAPI") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(OpenApiDocument.CheckedInPath)!);
            await File.WriteAllTextAsync(OpenApiDocument.CheckedInPath, live);
            return;
        }

        var checkedIn = File.Exists(OpenApiDocument.CheckedInPath) ? await File.ReadAllTextAsync(OpenApiDocument.CheckedInPath) : "";
        Assert.True(checkedIn.ReplaceLineEndings("\n") == live,
            $"{OpenApiDocument.CheckedInPath} is stale: run scripts/refresh-openapi.sh and commit it (the client is generated from it).");
    }
}
