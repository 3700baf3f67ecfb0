using System.Text.Json.Nodes;
using NJsonSchema;

namespace TaskRunner.Testing.Qdrant;

/// <summary>
/// Qdrant's published OpenAPI 3.0 document turned into JSON Schemas that NJsonSchema can validate against:
/// components/schemas by name, plus "request:{METHOD} {path}" and "response:{METHOD} {path}" for each operation.
/// </summary>
/// <remarks>
/// OpenAPI 3.0 <c>nullable</c> is rewritten to JSON Schema null types: left as is, the spec's common
/// <c>anyOf: [X, {nullable: true}]</c> would accept any value at all and validation would prove nothing. Objects that
/// list properties are made closed (additionalProperties false) so a misspelt field is rejected — Qdrant's serde
/// structs reject unknown fields as well.
/// </remarks>
public sealed class QdrantOpenApiSpec
{
    public const string PathEnvironmentVariable = "QDRANT_OPENAPI_PATH";

    private static readonly Lazy<Task<QdrantOpenApiSpec>> Shared = new(() => LoadAsync(Locate(), CancellationToken.None));
    private readonly JsonSchema _root;

    private QdrantOpenApiSpec(JsonSchema root) => _root = root;

    /// <summary>The spec found next to the repository (or via QDRANT_OPENAPI_PATH), loaded once per process.</summary>
    public static Task<QdrantOpenApiSpec> LoadSharedAsync() => Shared.Value;

    public static async Task<QdrantOpenApiSpec> LoadAsync(string path, CancellationToken ct)
    {
        var document = JsonNode.Parse(await File.ReadAllTextAsync(path, ct).ConfigureAwait(false))
            ?? throw new InvalidOperationException($"{path} is empty.");
        var definitions = new JsonObject();
        foreach (var (name, schema) in document["components"]!["schemas"]!.AsObject())
            definitions[name] = schema!.DeepClone();

        foreach (var (template, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, operation) in item!.AsObject())
            {
                var key = $"{method.ToUpperInvariant()} {template}";
                if (operation?["requestBody"]?["content"]?["application/json"]?["schema"] is { } request)
                    definitions["request:" + key] = request.DeepClone();
                if (operation?["responses"]?["200"]?["content"]?["application/json"]?["schema"] is { } response)
                    definitions["response:" + key] = response.DeepClone();
            }
        }

        Rewrite(definitions);
        var root = new JsonObject { ["definitions"] = definitions };
        return new QdrantOpenApiSpec(await JsonSchema.FromJsonAsync(root.ToJsonString(), ct).ConfigureAwait(false));
    }

    public bool HasSchema(string name) => _root.Definitions.ContainsKey(name);

    /// <summary>Validation errors of <paramref name="json"/> against the named schema; empty when valid.</summary>
    public IReadOnlyList<string> Validate(string schemaName, string json)
    {
        if (!_root.Definitions.TryGetValue(schemaName, out var schema))
            throw new ArgumentException($"The Qdrant spec has no schema '{schemaName}'.", nameof(schemaName));
        try
        {
            return schema.Validate(json).Select(e => e.ToString()).ToList();
        }
        catch (Newtonsoft.Json.JsonException ex)
        {
            return [$"Body is not JSON: {ex.Message}"];
        }
    }

    /// <summary>Walks up from the test binaries to the folder holding shared/qdrant/openapi.json (the repository's parent).</summary>
    public static string Locate()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable(PathEnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment)) return fromEnvironment;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "qdrant", "openapi.json");
            if (File.Exists(candidate)) return candidate;
        }

        throw new FileNotFoundException($"shared/qdrant/openapi.json was not found above {AppContext.BaseDirectory}; set {PathEnvironmentVariable}.");
    }

    private static void Rewrite(JsonNode? node)
    {
        switch (node)
        {
            case JsonArray array:
                foreach (var item in array) Rewrite(item);
                break;
            case JsonObject obj:
                foreach (var (_, child) in obj.ToList()) Rewrite(child);
                if (obj["$ref"] is JsonValue r && r.TryGetValue<string>(out var reference))
                    obj["$ref"] = reference.Replace("#/components/schemas/", "#/definitions/", StringComparison.Ordinal);
                RewriteNullable(obj);
                if (obj.ContainsKey("properties") && !obj.ContainsKey("additionalProperties")) obj["additionalProperties"] = false;
                break;
        }
    }

    private static void RewriteNullable(JsonObject obj)
    {
        if (obj["nullable"] is not JsonValue flag || !flag.TryGetValue<bool>(out var nullable)) return;
        obj.Remove("nullable");
        if (!nullable) return;

        if (obj["type"] is JsonValue type && type.TryGetValue<string>(out var typeName))
        {
            obj["type"] = new JsonArray(typeName, "null");
            if (obj["enum"] is JsonArray values) values.Add(null);
        }
        else if (obj["$ref"] is { } reference)
        {
            obj.Remove("$ref");
            obj["anyOf"] = new JsonArray(new JsonObject { ["$ref"] = reference.DeepClone() }, new JsonObject { ["type"] = "null" });
        }
        else if ((obj["anyOf"] ?? obj["oneOf"]) is JsonArray branches)
        {
            branches.Add(new JsonObject { ["type"] = "null" });
        }
        else
        {
            obj["type"] = "null";
        }
    }
}
