using System.Diagnostics.Metrics;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;

namespace Benchmarks.Prometheus;

/// <summary>
/// One scrape of <c>/metrics</c> through the official exporter (OpenTelemetry.Exporter.Prometheus.AspNetCore), for
/// 1 000 series: 10 counters × 50 label sets (500 series, one sample each) and 5 histograms × 100 label sets (500
/// series, 10 bounds + +Inf, sum, count: 13 samples each), about 7 000 sample lines. The app is built by
/// <c>AddServiceDefaults</c>/<c>MapDefaultEndpoints</c> as the services build it; the scraping endpoint's own request
/// delegate is invoked with a fresh <see cref="HttpContext"/> whose body counts and drops the bytes, so one
/// operation is the exporter's whole work (collect, serialize, write) without a socket. The exporter's response
/// cache (300 ms by default) is set to 0, so every operation collects. Target: ≤ 5 ms per scrape.
/// </summary>
[MemoryDiagnoser]
public class PrometheusScrapeBenchmarks
{
    private const string OpenMetricsAccept = "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5,*/*;q=0.1";
    private static readonly double[] s_bounds = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];
    private WebApplication _app = null!;
    private RequestDelegate _scrape = null!;
    private Meter _meter = null!;

    [GlobalSetup]
    public void Setup()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.Logging.ClearProviders();
        builder.AddServiceDefaults();
        builder.Services.AddOpenTelemetry().WithMetrics(m => m.AddMeter("Bench.Prometheus"));
        builder.Services.Configure<PrometheusAspNetCoreOptions>(o => o.ScrapeResponseCacheDurationMilliseconds = 0);
        _app = builder.Build();
        _app.MapDefaultEndpoints();
        _ = _app.Services.GetRequiredService<MeterProvider>(); // the SDK listener, as the host's start would build it
        _scrape = ((IEndpointRouteBuilder)_app).DataSources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>()
            .Single(e => e.RoutePattern.RawText == Microsoft.Extensions.Hosting.Extensions.MetricsEndpointPath).RequestDelegate!;

        _meter = new Meter("Bench.Prometheus");
        for (var c = 0; c < 10; c++)
        {
            var counter = _meter.CreateCounter<long>($"bench.requests.{c}", "{request}", "Requests served by kind");
            for (var s = 0; s < 50; s++)
            {
                counter.Add(s + 1, new("route", $"/v1/route/{s}"), new("outcome", s % 3 == 0 ? "error" : "success"));
            }
        }

        for (var h = 0; h < 5; h++)
        {
            var histogram = _meter.CreateHistogram($"bench.duration.{h}", "s", "Request duration", advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = s_bounds });
            for (var s = 0; s < 100; s++)
            {
                var model = new KeyValuePair<string, object?>("gen_ai.request.model", $"model-{s}");
                for (var i = 0; i < 20; i++)
                {
                    histogram.Record(s_bounds[i % s_bounds.Length] * 0.9, model);
                }
            }
        }

        Console.WriteLine($"// text: {Scrape(null).GetAwaiter().GetResult()} bytes; OpenMetrics: {Scrape(OpenMetricsAccept).GetAwaiter().GetResult()} bytes");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _meter.Dispose();
        _app.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    [Benchmark(Baseline = true)]
    public Task<long> ScrapeText004() => Scrape(null);

    [Benchmark]
    public Task<long> ScrapeOpenMetrics() => Scrape(OpenMetricsAccept);

    private async Task<long> Scrape(string? accept)
    {
        var context = new DefaultHttpContext { RequestServices = _app.Services };
        context.Request.Method = HttpMethods.Get;
        context.Request.Path = Microsoft.Extensions.Hosting.Extensions.MetricsEndpointPath;
        if (accept is not null)
        {
            context.Request.Headers.Accept = accept;
        }

        using var body = new CountingStream();
        context.Response.Body = body;
        await _scrape(context);
        return context.Response.StatusCode == StatusCodes.Status200OK && body.Length > 0
            ? body.Length
            : throw new InvalidOperationException($"Scrape answered {context.Response.StatusCode} with {body.Length} bytes.");
    }

    /// <summary>A response body that keeps only the count of bytes written.</summary>
    private sealed class CountingStream : Stream
    {
        private long _length;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => _length;

        public override long Position { get => _length; set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => _length += count;

        public override void Write(ReadOnlySpan<byte> buffer) => _length += buffer.Length;

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            _length += buffer.Length;
            return ValueTask.CompletedTask;
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            _length += count;
            return Task.CompletedTask;
        }
    }
}
