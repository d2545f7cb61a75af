namespace EndToEnd.Tests;

/// <summary>Test classes that each run a whole AppHost: one at a time, so two topologies never share the two cores.</summary>
[CollectionDefinition(Name)]
public sealed class AppHostCollection
{
    public const string Name = "apphost";
}
