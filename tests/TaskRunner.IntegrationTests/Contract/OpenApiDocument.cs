using System.Text.Json;
using System.Text.Json.Nodes;

namespace TaskRunner.IntegrationTests.Contract;

/// <summary>The Api's live OpenAPI document, and the checked-in copy the client is generated from.</summary>
public static class OpenApiDocument
{
    /// <summary>Where the checked-in copy lives; TaskRunner.Client generates its code from it at build time.</summary>
    public static string CheckedInPath => Path.Combine(Infrastructure.TestSettings.RepositoryRoot, "clients", "openapi", "v1.json");

    public static async Task<JsonObject> FetchAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/openapi/v1.json");
        response.EnsureSuccessStatusCode();
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
    }

    /// <summary>The document as it is checked in: the default local server instead of whichever host answered, indented.</summary>
    public static string Normalise(JsonObject document)
    {
        var copy = document.DeepClone().AsObject();
        copy["servers"] = new JsonArray(new JsonObject { ["url"] = "http://127.0.0.1:8080" });
        return copy.ToJsonString(new JsonSerializerOptions { WriteIndented = true }).ReplaceLineEndings("\n") + "\n";
    }
}
