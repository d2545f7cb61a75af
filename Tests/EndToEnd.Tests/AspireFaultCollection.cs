namespace EndToEnd.Tests;

/// <summary>Tests that kill a service of their AppHost: their own app, so the shared one stays intact.</summary>
[CollectionDefinition(Name)]
public sealed class AspireFaultCollection : ICollectionFixture<AspireApp>
{
    public const string Name = "aspire-faults";
}
