using TaskRunner.Testing.Qdrant;

namespace TaskRunner.Tests.VectorStore;

// Proves the test server's validator has teeth: if these accepted wrong shapes, the Qdrant client tests would prove nothing.
public class QdrantSpecValidationTests
{
    [Theory]
    [InlineData("PointsList", """{"points":[{"id":"6f1c2a9e-3b7d-4c55-9a0e-8d2f4b61c7e3","vector":[0.1,0.2],"payload":{"tenant_id":"t1"}}]}""")]
    [InlineData("FilterSelector", """{"filter":{"must":[{"key":"tenant_id","match":{"value":"t1"}}]}}""")]
    [InlineData("QueryRequest", """{"query":[0.1,0.2],"filter":{"must":[{"key":"document_id","match":{"any":["a","b"]}}]},"limit":5,"with_payload":true}""")]
    [InlineData("CreateCollection", """{"vectors":{"size":8,"distance":"Cosine"}}""")]
    [InlineData("CreateFieldIndex", """{"field_name":"document_id","field_schema":"uuid"}""")]
    public async Task Well_formed_bodies_are_accepted(string schema, string json)
    {
        var spec = await QdrantOpenApiSpec.LoadSharedAsync();

        Assert.Empty(spec.Validate(schema, json));
    }

    [Theory]
    [InlineData("PointsList", """{"points":[{"id":"not-a-uuid","vector":[0.1]}]}""")]
    [InlineData("PointsList", """{"points":[{"id":1,"vectors":[0.1]}]}""")]
    [InlineData("FilterSelector", """{"filter":{"must":[{"key":"tenant_id","match":{"val":"t1"}}]}}""")]
    [InlineData("FilterSelector", """{"filter":{"must":"tenant_id"}}""")]
    [InlineData("QueryRequest", """{"query":[0.1],"limit":"five"}""")]
    [InlineData("CreateCollection", """{"vectors":{"size":8,"distance":"Cosinus"}}""")]
    [InlineData("CreateFieldIndex", """{"field_name":"document_id","field_schema":"guid"}""")]
    public async Task Wrong_shapes_are_rejected(string schema, string json)
    {
        var spec = await QdrantOpenApiSpec.LoadSharedAsync();

        Assert.NotEmpty(spec.Validate(schema, json));
    }
}
