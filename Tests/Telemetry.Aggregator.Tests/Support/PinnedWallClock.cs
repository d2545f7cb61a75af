namespace Telemetry.Aggregator.Tests.Support;

/// <summary>
/// A wall clock that always reads one instant, while timers and timestamps stay real (the base class's system
/// behaviour): window edges become exact, and the service's background loops (consumers, gauges) keep cycling.
/// A frozen <c>FakeTimeProvider</c> would stop those loops, since they wait on the same provider.
/// </summary>
internal sealed class PinnedWallClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
