namespace TaskRunner.IntegrationTests.Infrastructure;

/// <summary>All integration tests share one platform and run one after another: they start and stop workers.</summary>
[CollectionDefinition(Name)]
public sealed class PlatformCollection : ICollectionFixture<PlatformFixture>
{
    public const string Name = "platform";
}
