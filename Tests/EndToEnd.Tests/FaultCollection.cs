namespace EndToEnd.Tests;

/// <summary>
/// The fault scenarios: run alone, after the other collections of this assembly, because their checks include
/// latency under load and the two cores must not be shared with another topology while they measure.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class FaultCollection
{
    public const string Name = "faults";
}
