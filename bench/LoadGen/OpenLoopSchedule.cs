using System.Diagnostics;

namespace LoadGen;

/// <summary>
/// Arrival times of an open-loop run: request i is due at start + i / rate, whatever happened to the earlier ones,
/// so a slow server cannot slow the arrivals (no coordinated omission). Times are Stopwatch ticks.
/// </summary>
internal sealed class OpenLoopSchedule(long startTicks, double ratePerSecond)
{
    private readonly double _ticksPerArrival = Stopwatch.Frequency / ratePerSecond;

    /// <summary>The first arrival time.</summary>
    public long StartTicks => startTicks;

    /// <summary>When arrival <paramref name="index"/> (0-based) is due.</summary>
    public long DueTicks(long index) => startTicks + (long)Math.Round(index * _ticksPerArrival);

    /// <summary>How many arrivals are due at or before <paramref name="nowTicks"/>.</summary>
    public long DueBy(long nowTicks) => nowTicks < startTicks ? 0 : (long)Math.Floor((nowTicks - startTicks) / _ticksPerArrival) + 1;
}
