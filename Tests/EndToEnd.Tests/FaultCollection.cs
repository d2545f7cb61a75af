namespace EndToEnd.Tests;

/// <summary>
/// The fault scenarios: run alone, after the other collections of this assembly, because each starts its own topology
/// (a cache, aggregators, the inference API) on the two cores. Their checks do not depend on the machine's speed;
/// the latency figures they report do, which is why those are figures, not checks.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class FaultCollection
{
    public const string Name = "faults";
}
