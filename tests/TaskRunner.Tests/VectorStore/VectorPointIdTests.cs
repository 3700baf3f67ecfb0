using TaskRunner.Retrieval.VectorStore;

namespace TaskRunner.Tests.VectorStore;

public class VectorPointIdTests
{
    private static readonly Guid Document = Guid.Parse("3f2504e0-4f89-11d3-9a0c-0305e82c3301");

    [Fact]
    public void Id_is_the_rfc4122_version5_uuid_of_document_and_ordinal()
    {
        // Expected value from Python: uuid.uuid5(VectorPointId.Namespace, "3f2504e0-4f89-11d3-9a0c-0305e82c3301:7").
        Assert.Equal(Guid.Parse("f406d463-af78-55a8-915e-dc1a3a1eda37"), VectorPointId.For(Document, 7));
    }

    [Fact]
    public void Replayed_chunks_get_the_same_id_and_other_chunks_do_not()
    {
        Assert.Equal(VectorPointId.For(Document, 3), VectorPointId.For(Document, 3));
        Assert.NotEqual(VectorPointId.For(Document, 3), VectorPointId.For(Document, 4));
        Assert.NotEqual(VectorPointId.For(Document, 3), VectorPointId.For(Guid.NewGuid(), 3));
    }
}
