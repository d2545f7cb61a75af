using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Text.Json;
using AppHost.Dashboard;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace AppHost.Tests.Dashboard;

/// <summary>
/// The real OpenTelemetry SDK exporter sends to the dashboard's OTLP port with the API key, and the JSON API shows what it
/// sent: the decoders are checked against the bodies services actually produce, not only hand-built ones.
/// </summary>
public sealed class OtlpSdkRoundTripServerTests : IAsyncLifetime
{
    private const string InstanceId = "roundtrip-instance-id";
    private readonly string _source = "RoundTrip." + Guid.NewGuid().ToString("N");
    private DashboardFixture _dashboard = null!;

    public async Task InitializeAsync()
    {
        _dashboard = await DashboardFixture.StartAsync();
        _dashboard.Catalog.InstanceIds[InstanceId] = "roundtrip-0";
    }

    public async Task DisposeAsync() => await _dashboard.DisposeAsync();

    [Fact]
    public async Task ASpanTreeExportedByTheSdkIsShownWithParentsKindsStatusAttributesAndEvents()
    {
        using var source = new ActivitySource(_source);
        string traceId;
        using (var provider = Sdk.CreateTracerProviderBuilder().SetResourceBuilder(Resource()).AddSource(_source)
            .AddOtlpExporter(o => Exporter(o, "/v1/traces")).Build())
        {
            using var root = source.StartActivity("GET /chat", ActivityKind.Server)!;
            root.SetTag("http.route", "/chat");
            using (var child = source.StartActivity("generate", ActivityKind.Internal)!)
            {
                child.SetTag("gen_ai.usage.output_tokens", 12);
                child.AddEvent(new ActivityEvent("first_token"));
                child.SetStatus(ActivityStatusCode.Error, "model failed");
            }

            traceId = root.TraceId.ToHexString();
            root.Stop();
        }

        using var list = JsonDocument.Parse(await _dashboard.Browser.GetStringAsync("/api/traces?resource=roundtrip-0"));
        var summary = Assert.Single(list.RootElement.GetProperty("items").EnumerateArray());
        Assert.Equal(traceId, summary.GetProperty("traceId").GetString());
        Assert.Equal("GET /chat", summary.GetProperty("rootName").GetString());
        Assert.Equal(2, summary.GetProperty("spanCount").GetInt32());
        Assert.Equal(1, summary.GetProperty("errorCount").GetInt32());
        Assert.Equal("roundtrip-0", summary.GetProperty("resources")[0].GetString());

        using var detail = JsonDocument.Parse(await _dashboard.Browser.GetStringAsync("/api/traces/" + traceId));
        var spans = detail.RootElement.GetProperty("spans").EnumerateArray().ToArray();
        var rootSpan = spans.Single(s => s.GetProperty("name").GetString() == "GET /chat");
        var childSpan = spans.Single(s => s.GetProperty("name").GetString() == "generate");
        Assert.Equal("", rootSpan.GetProperty("parentSpanId").GetString());
        Assert.Equal("server", rootSpan.GetProperty("kind").GetString());
        Assert.Equal("/chat", rootSpan.GetProperty("attributes").GetProperty("http.route").GetString());
        Assert.Equal(rootSpan.GetProperty("spanId").GetString(), childSpan.GetProperty("parentSpanId").GetString());
        Assert.Equal("internal", childSpan.GetProperty("kind").GetString());
        Assert.Equal("error", childSpan.GetProperty("status").GetString());
        Assert.Equal("model failed", childSpan.GetProperty("statusMessage").GetString());
        Assert.Equal("12", childSpan.GetProperty("attributes").GetProperty("gen_ai.usage.output_tokens").GetString());
        Assert.Equal("first_token", childSpan.GetProperty("events")[0].GetProperty("name").GetString());
        Assert.True(childSpan.GetProperty("offsetMs").GetDouble() >= 0);
        Assert.True(rootSpan.GetProperty("durationMs").GetDouble() >= childSpan.GetProperty("durationMs").GetDouble());
    }

    [Fact]
    public async Task ALogExportedByTheSdkIsShownWithLevelCategoryMessageAttributesAndTrace()
    {
        using var source = new ActivitySource(_source);
        using var tracing = Sdk.CreateTracerProviderBuilder().AddSource(_source).Build();
        string traceId;
        // What the AppHost injects into every project; the exporter reads it from the environment when it is built.
        Environment.SetEnvironmentVariable("OTEL_DOTNET_EXPERIMENTAL_OTLP_EMIT_EVENT_LOG_ATTRIBUTES", "true");
        using (var factory = LoggerFactory.Create(logging => logging.AddOpenTelemetry(o =>
        {
            o.SetResourceBuilder(Resource());
            o.IncludeFormattedMessage = true;
            o.AddOtlpExporter(e => Exporter(e, "/v1/logs"));
        })))
        {
            var logger = factory.CreateLogger("RoundTrip.Orders");
            using var activity = source.StartActivity("work")!;
            traceId = activity.TraceId.ToHexString();
            logger.LogWarning(new EventId(42, "OrderFailed"), "Order {OrderId} failed", 7);
        }

        using var logs = JsonDocument.Parse(await _dashboard.Browser.GetStringAsync("/api/logs?resource=roundtrip-0&level=Warning"));
        var item = Assert.Single(logs.RootElement.GetProperty("items").EnumerateArray());
        Assert.Equal("Warning", item.GetProperty("level").GetString());
        Assert.Equal("RoundTrip.Orders", item.GetProperty("category").GetString());
        Assert.Equal("Order 7 failed", item.GetProperty("message").GetString());
        Assert.Equal("7", item.GetProperty("attributes").GetProperty("OrderId").GetString());
        Assert.Equal(traceId, item.GetProperty("traceId").GetString());
        Assert.Equal(16, item.GetProperty("spanId").GetString()!.Length);
        Assert.Equal(42, item.GetProperty("eventId").GetInt32());
        Assert.True(item.GetProperty("seq").GetInt64() >= 1);
    }

    [Fact]
    public async Task CountersAndHistogramsExportedByTheSdkAreListedAndChartable()
    {
        using (var meter = new Meter(_source))
        using (var provider = Sdk.CreateMeterProviderBuilder().SetResourceBuilder(Resource()).AddMeter(_source)
            .AddView("roundtrip.latency", new ExplicitBucketHistogramConfiguration { Boundaries = [10, 20, 40] })
            .AddOtlpExporter(o => Exporter(o, "/v1/metrics")).Build())
        {
            var requests = meter.CreateCounter<long>("roundtrip.requests", "{request}", "Requests served");
            var latency = meter.CreateHistogram<double>("roundtrip.latency", "ms");
            requests.Add(3, new KeyValuePair<string, object?>("route", "/chat"));
            foreach (var value in new[] { 5.0, 12, 15, 18, 30 })
            {
                latency.Record(value);
            }
        }

        using var instruments = JsonDocument.Parse(await _dashboard.Browser.GetStringAsync("/api/metrics"));
        var mine = instruments.RootElement.GetProperty("instruments").EnumerateArray().Where(i => i.GetProperty("resource").GetString() == "roundtrip-0").ToArray();
        var counter = mine.Single(i => i.GetProperty("name").GetString() == "roundtrip.requests");
        Assert.Equal("counter", counter.GetProperty("type").GetString());
        Assert.Equal("{request}", counter.GetProperty("unit").GetString());
        Assert.Equal("Requests served", counter.GetProperty("description").GetString());
        Assert.Equal("histogram", mine.Single(i => i.GetProperty("name").GetString() == "roundtrip.latency").GetProperty("type").GetString());

        using var counterSeries = JsonDocument.Parse(await _dashboard.Browser.GetStringAsync("/api/metrics/series?resource=roundtrip-0&name=roundtrip.requests"));
        var series = Assert.Single(counterSeries.RootElement.GetProperty("series").EnumerateArray());
        Assert.Equal("/chat", series.GetProperty("attributes").GetProperty("route").GetString());
        Assert.Equal(3, series.GetProperty("points")[0].GetProperty("value").GetDouble());

        using var latencySeries = JsonDocument.Parse(await _dashboard.Browser.GetStringAsync("/api/metrics/series?resource=roundtrip-0&name=roundtrip.latency"));
        var point = Assert.Single(latencySeries.RootElement.GetProperty("series").EnumerateArray()).GetProperty("points")[0];
        Assert.Equal(5, point.GetProperty("count").GetInt64());
        Assert.Equal(80, point.GetProperty("sum").GetDouble());
        // Ranks: 5 observations, median rank 2.5 falls in (10, 20] holding 3 → 10 + 10 * (2.5 - 1) / 3.
        Assert.Equal(15, point.GetProperty("p50").GetDouble(), 6);
    }

    private static ResourceBuilder Resource() => ResourceBuilder.CreateEmpty().AddService("roundtrip", serviceInstanceId: InstanceId);

    private void Exporter(OtlpExporterOptions options, string path)
    {
        // Set in code, the endpoint is the full signal URL (the SDK appends /v1/... only to the environment variable).
        options.Endpoint = new Uri(_dashboard.Host.OtlpUrl + path);
        options.Protocol = OtlpExportProtocol.HttpProtobuf;
        options.Headers = DashboardAccess.ApiKeyHeader + "=" + _dashboard.Host.Access.ApiKey;
        options.ExportProcessorType = ExportProcessorType.Simple;
    }
}
