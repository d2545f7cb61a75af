using System.Collections.Concurrent;
using System.Diagnostics;
using ServiceDefaults.Redis;

namespace ServiceDefaults.Tests.Redis;

/// <summary>Client spans for cache commands made inside a traced operation, and none for background polling.</summary>
public sealed class RedisTracingServerTests(RedisFixture fixture) : IClassFixture<RedisFixture>, IDisposable
{
    private readonly ConcurrentQueue<Activity> _spans = new();
    private readonly ActivityListener _listener = new()
    {
        ShouldListenTo = source => source.Name is "ServiceDefaults.Redis" or "test",
        Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
    };

    public void Dispose() => _listener.Dispose();

    [Fact]
    public async Task ACommandInsideATracedOperationIsAChildClientSpanAndBackgroundCommandsMakeNone()
    {
        _listener.ActivityStopped = a => { if (a.Source.Name == "ServiceDefaults.Redis") _spans.Enqueue(a); };
        ActivitySource.AddActivityListener(_listener);
        await using var client = new RedisClient(RedisOptions.Parse(fixture.Server.ConnectionString));
        using var source = new ActivitySource("test");

        Activity? request;
        using (request = source.StartActivity("request"))
        {
            await client.ExecuteAsync("SET", ["traced", "1"]);
        }

        Assert.Null(Activity.Current);
        for (var i = 0; i < 20; i++)
        {
            await client.ExecuteAsync("GET", ["traced"]); // a background loop's polling
        }

        // Other test classes run alongside with their own servers: only this class's server counts.
        var span = Assert.Single(_spans, s => Equals(s.GetTagItem("server.port"), fixture.Server.Endpoint.Port));
        Assert.Equal("SET", span.DisplayName);
        Assert.Equal(ActivityKind.Client, span.Kind);
        Assert.Equal(request!.SpanId, span.ParentSpanId);
        Assert.Equal("redis", span.GetTagItem("db.system.name"));
    }
}
