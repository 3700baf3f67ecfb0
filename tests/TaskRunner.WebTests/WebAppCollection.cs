namespace TaskRunner.WebTests;

/// <summary>Every browser test shares one platform, one Api process and one Chromium.</summary>
[CollectionDefinition(Name)]
public sealed class WebAppCollection : ICollectionFixture<WebAppFixture>
{
    public const string Name = "webapp";
}
