using AppHost.Dashboard.Storage;

namespace AppHost.Tests.Dashboard;

public sealed class TraceStoreTests
{
    [Fact]
    public void SpansAreGroupedByTraceWithRootDurationAndErrors()
    {
        var store = new TraceStore();
        store.Add(TelemetryFactory.Span("t1", "b", parent: "a", name: "child", startMs: 5, durationMs: 30, status: "error"), "inference-0");
        store.Add(TelemetryFactory.Span("t1", "a", name: "GET /chat", durationMs: 50), "inference-0");
        store.Add(TelemetryFactory.Span("t1", "c", parent: "b", name: "POST /events", startMs: 10, durationMs: 60), "aggregator");

        var summary = Assert.Single(store.Query(null, false, null, 10).Items);

        Assert.Equal("GET /chat", summary.RootName);
        Assert.Equal(3, summary.SpanCount);
        Assert.Equal(1, summary.ErrorCount);
        Assert.Equal(70, summary.DurationMs);
        Assert.Equal(["inference-0", "aggregator"], summary.Resources);
        Assert.Equal(["a", "b", "c"], store.Find("t1")!.Select(s => s.Span.SpanId));
    }

    [Fact]
    public void TheOldestTraceIsEvictedAndCountedAsDropped()
    {
        var store = new TraceStore(capacity: 2);
        store.Add(TelemetryFactory.Span("t1", "a"), "svc");
        store.Add(TelemetryFactory.Span("t2", "a", startMs: 100), "svc");
        store.Add(TelemetryFactory.Span("t3", "a", startMs: 200), "svc");

        var page = store.Query(null, false, null, 10);

        Assert.Equal(["t3", "t2"], page.Items.Select(t => t.TraceId));
        Assert.Equal(1, page.Dropped);
        Assert.Null(store.Find("t1"));
    }

    [Fact]
    public void FiltersSelectByResourceErrorsAndSpanName()
    {
        var store = new TraceStore();
        store.Add(TelemetryFactory.Span("t1", "a", name: "GET /health"), "inference-0");
        store.Add(TelemetryFactory.Span("t2", "a", name: "POST /chat", startMs: 10, status: "error"), "inference-1");

        Assert.Equal("t2", Assert.Single(store.Query(null, true, null, 10).Items).TraceId);
        Assert.Equal("t1", Assert.Single(store.Query("inference-0", false, null, 10).Items).TraceId);
        Assert.Equal("t2", Assert.Single(store.Query(null, false, "chat", 10).Items).TraceId);
        Assert.Equal(2, store.Query(null, false, null, 1).Total);
    }

    [Fact]
    public void ATraceKeepsAtMostItsSpanCapAndCountsTheRest()
    {
        var store = new TraceStore();
        for (var i = 0; i < TraceStore.MaxSpansPerTrace + 3; i++)
        {
            store.Add(TelemetryFactory.Span("t1", "s" + i), "svc");
        }

        Assert.Equal(TraceStore.MaxSpansPerTrace, store.Find("t1")!.Length);
        Assert.Equal(3, store.DroppedSpans);
    }
}
