using System.Diagnostics;

namespace LoadGen.Tests;

public sealed class OpenLoopScheduleTests
{
    [Fact]
    public void ArrivalsAreEvenlySpacedAtTheRequestedRate()
    {
        var schedule = new OpenLoopSchedule(1_000, 50);
        var gap = Stopwatch.Frequency / 50.0;
        Assert.Equal(1_000, schedule.DueTicks(0));
        for (var i = 1; i < 200; i++)
        {
            Assert.InRange(schedule.DueTicks(i) - schedule.DueTicks(i - 1), Math.Floor(gap), Math.Ceiling(gap));
        }

        Assert.Equal(1_000 + (long)Math.Round(Stopwatch.Frequency * 2.0), schedule.DueTicks(100));
    }

    [Fact]
    public void ArrivalsDueByATimeDoNotDependOnHowLongEarlierRequestsTook()
    {
        var schedule = new OpenLoopSchedule(0, 10);
        Assert.Equal(0, schedule.DueBy(-1));
        Assert.Equal(1, schedule.DueBy(0));
        Assert.Equal(10, schedule.DueBy(Stopwatch.Frequency - 1));
        Assert.Equal(11, schedule.DueBy(Stopwatch.Frequency));
        Assert.Equal(101, schedule.DueBy(Stopwatch.Frequency * 10));
    }
}
