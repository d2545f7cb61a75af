using Inference.Api.Telemetry;

namespace Inference.Api.Tests.Telemetry;

public sealed class RecentRequestsTests
{
    [Fact]
    public void AnIdServedRecentlyIsKnownWithItsModelAndAnotherIsNot()
    {
        var recent = new RecentRequests();

        recent.Add("req-1", "kjv-5m");

        Assert.True(recent.Contains("req-1"));
        Assert.Equal("kjv-5m", recent.ModelOf("req-1"));
        Assert.False(recent.Contains("req-2"));
        Assert.Null(recent.ModelOf("req-2"));
    }

    [Fact]
    public void IdsStayKnownForTheLast10000RequestsAndTheTableStaysBounded()
    {
        var recent = new RecentRequests();
        var ids = Enumerable.Range(0, 3 * RecentRequests.Capacity).Select(i => "id-" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();

        foreach (var id in ids)
        {
            recent.Add(id, "m");
        }

        Assert.All(ids[^10_000..], id => Assert.True(recent.Contains(id), id));
        var oldKnown = ids[..RecentRequests.Capacity].Count(recent.Contains);
        Assert.True(oldKnown < RecentRequests.Capacity / 100, $"{oldKnown} of the oldest ids are still known");
    }

    [Fact]
    public async Task ConcurrentAddsLoseNothingRecent()
    {
        var recent = new RecentRequests();

        await Task.WhenAll(Enumerable.Range(0, 4).Select(t => Task.Run(() =>
        {
            for (var i = 0; i < 2_000; i++)
            {
                recent.Add($"t{t}-{i}", "m" + t);
            }
        })));

        Assert.All(Enumerable.Range(0, 4).SelectMany(t => Enumerable.Range(0, 2_000).Select(i => (t, $"t{t}-{i}"))), e => Assert.Equal("m" + e.t, recent.ModelOf(e.Item2)));
    }
}
