using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace TaskRunner.Api.OpenApi;

/// <summary>
/// Makes schemas say what the Api accepts and sends, so generated clients get plain types: nullable record parameters
/// are optional, numbers are numbers (the "or a numeric string" leniency of the web JSON defaults is not advertised),
/// and enums of strings are typed as strings.
/// </summary>
public sealed class ContractSchemaTransformer : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (schema.Type is { } type && (type.HasFlag(JsonSchemaType.Integer) || type.HasFlag(JsonSchemaType.Number)) && type.HasFlag(JsonSchemaType.String))
        {
            schema.Type = type & ~JsonSchemaType.String;
            schema.Pattern = null;
        }

        if (schema.Enum is { Count: > 0 } values && schema.Type is null && values.All(v => v is null || v.GetValueKind() == System.Text.Json.JsonValueKind.String))
        {
            schema.Type = JsonSchemaType.String;
            var nonNull = values.Where(v => v is not null).ToList();
            schema.Enum.Clear();
            foreach (var value in nonNull)
            {
                schema.Enum.Add(value);
            }
        }

        if (schema.Required is { Count: > 0 } required && schema.Properties is { } properties)
        {
            foreach (var (name, property) in properties)
            {
                if (IsNullable(property))
                {
                    required.Remove(name);
                }
            }
        }

        return Task.CompletedTask;
    }

    private static bool IsNullable(IOpenApiSchema property) =>
        property.Type?.HasFlag(JsonSchemaType.Null) == true
        || property.OneOf?.Any(s => s.Type == JsonSchemaType.Null) == true
        || property.AnyOf?.Any(s => s.Type == JsonSchemaType.Null) == true;
}
