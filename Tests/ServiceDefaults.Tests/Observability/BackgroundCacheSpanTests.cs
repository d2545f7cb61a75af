using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;
using OpenTelemetry.Trace;
using StackExchange.Redis;
using Tests.Shared;
using TestSupport.Cache;

namespace ServiceDefaults.Tests.Observability;

/// <summary>
/// The cache client's spans through the real pipeline (Aspire's Redis instrumentation on a real redis-server, an
/// exporter behind the SDK's own export processor): a command inside a request's trace is exported as its child; a
/// command from a background loop, outside any trace, is not, unless the setting keeps it; the untraced connection of
/// the high-volume loops (<see cref="CacheClientExtensions.BackgroundServiceKey"/>) reaches the same cache and makes no
/// span at all, not even inside a request, unless the setting keeps background spans. The instrumentation turns each
/// connection's commands into spans on its own 10 s cycle, so each test waits (bounded) for the spans it expects, then
/// stops and disposes the host, whose tracer provider makes the instrumentation flush every command it still holds:
/// the spans are read only after that, so a span that was going to come out has.
/// </summary>
public sealed class BackgroundCacheSpanTests : IAsyncLifetime
{
    private const string RedisSource = "OpenTelemetry.Instrumentation.StackExchangeRedis";

    private static readonly ActivitySource s_request = new("ServiceDefaults.Tests.Request");
    private static readonly TimeSpan s_drain = TimeSpan.FromSeconds(60);

    private CacheServer? _cache;

    public async Task InitializeAsync() => _cache = await CacheServer.StartAsync(new CacheServerOptions { Kind = CacheServerKind.Redis });

    public async Task DisposeAsync()
    {
        if (_cache is not null)
        {
            await _cache.DisposeAsync();
        }
    }

    [Fact]
    public async Task ACommandInsideARequestIsTracedAndOneFromABackgroundLoopIsNot()
    {
        var run = await RunAsync(keepBackground: false);

        var child = Assert.Single(run.Ours, a => a.ParentSpanId == run.RequestSpanId);
        Assert.Equal(run.RequestTraceId, child.TraceId);
        Assert.Equal("SET", child.DisplayName);
        Assert.DoesNotContain(run.Ours, a => a.ParentSpanId == default);
        Assert.DoesNotContain(run.Ours, a => a.DisplayName == "INCR");
        Assert.Equal(2, run.CountOnTheBackgroundConnection);
    }

    [Fact]
    public async Task TheSettingKeepsCommandsFromBackgroundLoops()
    {
        var run = await RunAsync(keepBackground: true);

        Assert.Contains(run.Ours, a => a.ParentSpanId == run.RequestSpanId);
        Assert.Contains(run.Ours, a => a.ParentSpanId == default && a.DisplayName == "SET");
        Assert.Contains(run.Ours, a => a.ParentSpanId == run.RequestSpanId && a.DisplayName == "INCR");
        Assert.Contains(run.Ours, a => a.ParentSpanId == default && a.DisplayName == "INCR");
    }

    // Starts a host with the cache client and an exporter, issues one background SET and INCR (the INCR on the untraced
    // connection) and then the same inside a request span, and returns the cache spans exported for this test's server
    // once the host is gone, with the counter as the traced connection read it.
    private async Task<Run> RunAsync(bool keepBackground)
    {
        var exported = new ConcurrentQueue<Activity>();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Production" });
        builder.Configuration["ConnectionStrings:cache"] = _cache!.ConnectionString;
        builder.Configuration["Telemetry:Tracing:BackgroundCacheSpans"] = keepBackground ? "true" : "false";
        builder.AddCacheClient();
        builder.Services.AddOpenTelemetry().WithTracing(tracing => tracing
            .AddSource(s_request.Name)
            .AddProcessor(new SimpleActivityExportProcessor(new CollectingExporter(exported))));
        ActivityTraceId traceId;
        ActivitySpanId spanId;
        int port, count;
        using (var host = builder.Build())
        {
            await host.StartAsync();
            try
            {
                var db = host.Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();
                var background = host.Services.GetRequiredKeyedService<IConnectionMultiplexer>(CacheClientExtensions.BackgroundServiceKey).GetDatabase();

                // A background loop: no ambient activity.
                Activity.Current = null;
                await db.StringSetAsync("background-key", "1");
                await background.StringIncrementAsync("background-connection-key");

                using (var request = s_request.StartActivity("GET /work", ActivityKind.Server))
                {
                    Assert.NotNull(request);
                    (traceId, spanId) = (request.TraceId, request.SpanId);
                    await background.StringIncrementAsync("background-connection-key");
                    await db.StringSetAsync("request-key", "1");
                }

                // Other hosts in this test process trace their own cache servers; ours are told apart by the server's port.
                port = ((IPEndPoint)db.Multiplexer.GetEndPoints()[0]).Port;
                count = (int)await db.StringGetAsync("background-connection-key");
                bool Out(string command, bool child) =>
                    exported.Any(a => a.Source.Name == RedisSource && a.DisplayName == command && (a.ParentSpanId == spanId) == child && PeerPort(a) == port);
                await Eventually.TrueAsync(
                    () => Out("SET", child: true) && (!keepBackground || (Out("INCR", child: true) && Out("INCR", child: false))),
                    keepBackground ? "the request's SET and both INCRs exported" : "the request's SET exported as its child span",
                    s_drain,
                    () => string.Join(", ", exported.Select(a => $"{a.Source.Name}:{a.DisplayName}")));
            }
            finally
            {
                await host.StopAsync();
            }
        }

        return new Run([.. exported.Where(a => a.Source.Name == RedisSource && PeerPort(a) == port)], traceId, spanId, count);
    }

    // The instrumentation names the port by the semantic conventions it was asked for (old or stable).
    private static int? PeerPort(Activity span) =>
        (span.GetTagItem("net.peer.port") ?? span.GetTagItem("server.port") ?? span.GetTagItem("network.peer.port")) as int?;

    private sealed record Run(IReadOnlyList<Activity> Ours, ActivityTraceId RequestTraceId, ActivitySpanId RequestSpanId, int CountOnTheBackgroundConnection);

    private sealed class CollectingExporter(ConcurrentQueue<Activity> exported) : BaseExporter<Activity>
    {
        public override ExportResult Export(in Batch<Activity> batch)
        {
            foreach (var activity in batch)
            {
                exported.Enqueue(activity);
            }

            return ExportResult.Success;
        }
    }
}
