using AppHost.Dashboard.Storage;

namespace AppHost.Tests.Dashboard;

public sealed class LogStoreTests
{
    [Fact]
    public void TheOldestRecordsAreEvictedAndCountedAsDropped()
    {
        var store = new LogStore(capacity: 3);
        foreach (var message in new[] { "a", "b", "c", "d", "e" })
        {
            store.Add(TelemetryFactory.Log(message), "svc");
        }

        var page = store.Query(new LogQuery());

        Assert.Equal(["c", "d", "e"], page.Items.Select(i => i.Message));
        Assert.Equal([3L, 4, 5], page.Items.Select(i => i.Seq));
        Assert.Equal(2, page.Dropped);
        Assert.Equal(3, page.Total);
    }

    [Fact]
    public void FiltersCombineAndTheLimitKeepsTheNewest()
    {
        var store = new LogStore();
        store.Add(TelemetryFactory.Log("cache warm", "Debug"), "aggregator");
        store.Add(TelemetryFactory.Log("slow request", "Warning", attributes: new() { ["RequestId"] = "r-1" }), "inference-0");
        store.Add(TelemetryFactory.Log("request failed", "Error", traceId: "abc"), "inference-0");
        store.Add(TelemetryFactory.Log("request failed again", "Critical"), "inference-1");

        Assert.Equal(["slow request", "request failed"], store.Query(new LogQuery { Resource = "INFERENCE-0" }).Items.Select(i => i.Message));
        Assert.Equal(["request failed", "request failed again"], store.Query(new LogQuery { MinLevel = 4 }).Items.Select(i => i.Message));
        Assert.Equal("slow request", Assert.Single(store.Query(new LogQuery { RequestId = "r-1" }).Items).Message);
        Assert.Equal("request failed", Assert.Single(store.Query(new LogQuery { TraceId = "ABC" }).Items).Message);
        var limited = store.Query(new LogQuery { Text = "request", Limit = 2 });
        Assert.Equal(["request failed", "request failed again"], limited.Items.Select(i => i.Message));
        Assert.Equal(3, limited.Total);
    }

    [Fact]
    public void TailingAfterASeqReturnsTheOldestNewRecordsFirst()
    {
        var store = new LogStore();
        for (var i = 1; i <= 5; i++)
        {
            store.Add(TelemetryFactory.Log("m" + i), "svc");
        }

        Assert.Equal(["m3", "m4"], store.Query(new LogQuery { After = 2, Limit = 2 }).Items.Select(i => i.Message));
        Assert.Empty(store.Query(new LogQuery { After = 5 }).Items);
    }

    [Fact]
    public async Task ConcurrentWritersLoseNothingButWhatTheCapacityEvicts()
    {
        var store = new LogStore(capacity: 1_000);

        await Task.WhenAll(Enumerable.Range(0, 4).Select(w => Task.Run(() =>
        {
            for (var i = 0; i < 500; i++)
            {
                store.Add(TelemetryFactory.Log($"{w}-{i}"), "svc");
            }
        })));

        var page = store.Query(new LogQuery { Limit = 1_000 });
        Assert.Equal(1_000, page.Items.Count);
        Assert.Equal(1_000, page.Dropped);
        Assert.Equal(Enumerable.Range(1_001, 1_000).Select(i => (long)i), page.Items.Select(i => i.Seq));
    }
}
