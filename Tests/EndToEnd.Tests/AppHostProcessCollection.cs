namespace EndToEnd.Tests;

/// <summary>Tests that run the AppHost as its own process with the dashboard: one at a time on the two cores.</summary>
[CollectionDefinition(Name)]
public sealed class AppHostProcessCollection
{
    public const string Name = "apphost-process";
}
