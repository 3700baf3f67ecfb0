namespace TaskRunner.Api.OpenApi;

public static class OpenApiServiceCollectionExtensions
{
    /// <summary>The OpenAPI document at /openapi/v1.json, completed so that a client can be generated from it and Redocly's recommended rules pass.</summary>
    public static IServiceCollection AddTaskRunnerOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(options =>
        {
            options.AddDocumentTransformer<ContractDocumentTransformer>();
            options.AddOperationTransformer<ContractOperationTransformer>();
            options.AddSchemaTransformer<ContractSchemaTransformer>();
        });
}
