using System.Text;
using Inference.Api.Telemetry.Events;

namespace Inference.Api.Tests.Telemetry;

/// <summary>
/// Instances sharing one spool folder (replicas on one host) keep to their own slot while alive, and the events of
/// one that died are replayed by another, once.
/// </summary>
public sealed class EventSpoolTests : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("spool-slots-");

    public void Dispose() => _root.Delete(recursive: true);

    [Fact]
    public async Task TwoLiveInstancesWriteAndReplayOnlyTheirOwnEvents()
    {
        using var first = Create();
        using var second = Create();
        first.Append(Events("a", 3));
        second.Append(Events("b", 2));

        Assert.NotEqual(first.Directory, second.Directory);
        Assert.Equal(["a0", "a1", "a2"], await ReplayAsync(first));
        Assert.Equal(["b0", "b1"], await ReplayAsync(second));
        Assert.Empty(await ReplayAsync(first));
    }

    [Fact]
    public async Task TheEventsOfAnInstanceThatStoppedAreReplayedOnceByAnother()
    {
        using var survivor = Create();
        var gone = Create();
        gone.Append(Events("x", 4));
        Assert.False(survivor.HasPending);
        gone.Dispose();

        Assert.True(survivor.HasPending);
        Assert.Equal(["x0", "x1", "x2", "x3"], await ReplayAsync(survivor));
        Assert.False(survivor.HasPending);
        Assert.Empty(await ReplayAsync(survivor));
    }

    [Fact]
    public async Task ANewInstanceTakesOverTheFreedSlotAndItsEvents()
    {
        var gone = Create();
        gone.Append(Events("y", 2));
        var directory = gone.Directory;
        gone.Dispose();

        using var next = Create();

        Assert.Equal(directory, next.Directory);
        Assert.True(next.HasPending);
        Assert.Equal(["y0", "y1"], await ReplayAsync(next));
    }

    [Fact]
    public void WhenEverySlotIsHeldTheInstanceRefusesNamingTheSetting()
    {
        var held = Enumerable.Range(0, EventSpool.MaxSlots).Select(_ => Create()).ToList();
        try
        {
            var refused = Assert.Throws<InvalidOperationException>(Create);
            Assert.Contains("Telemetry:Events:SpoolDirectory", refused.Message, StringComparison.Ordinal);
        }
        finally
        {
            held.ForEach(s => s.Dispose());
        }
    }

    private EventSpool Create() => new(new EventPublisherOptions { SpoolDirectory = _root.FullName });

    private static ReadOnlyMemory<byte>[] Events(string prefix, int count) =>
        [.. Enumerable.Range(0, count).Select(i => (ReadOnlyMemory<byte>)Encoding.UTF8.GetBytes(prefix + i))];

    private static async Task<List<string>> ReplayAsync(EventSpool spool)
    {
        var replayed = new List<string>();
        await spool.ReplayAsync(batch =>
        {
            replayed.AddRange(batch.Select(e => Encoding.UTF8.GetString(e.Span)));
            return Task.CompletedTask;
        }, batchSize: 2);
        return replayed;
    }
}
