namespace EndToEnd.Tests;

/// <summary>Tests that share one running AppHost (read-mostly: they count what they themselves sent).</summary>
[CollectionDefinition(Name)]
public sealed class AspireCollection : ICollectionFixture<AspireApp>
{
    public const string Name = "aspire";
}
