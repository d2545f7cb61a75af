using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ServiceDefaults.Tests.Observability;

/// <summary>/metrics negotiated to OpenMetrics 1.0.0, rendered from real instruments, checked against the spec's rules.</summary>
public sealed class OpenMetricsExpositionTests : IAsyncLifetime
{
    private const string OpenMetricsAccept = "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5,*/*;q=0.1";
    private WebApplication _app = null!;
    private HttpClient _client = null!;
    private Activity _activity = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ApplicationName = "openmetrics-test", EnvironmentName = "Production" });
        builder.WebHost.UseTestServer();
        builder.AddServiceDefaults();
        _app = builder.Build();
        _app.MapDefaultEndpoints();
        await _app.StartAsync();
        _client = _app.GetTestClient();

        var meter = _app.Services.GetRequiredService<IMeterFactory>().Create("Inference.Api");
        var histogram = meter.CreateHistogram("om.request.duration", "s", "Request \"quoted\" \\ duration\nsecond line",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.01, 0.1, 1] });
        var model = new KeyValuePair<string, object?>("gen_ai.request.model", "m\"quoted\"\\back\nslash");
        histogram.Record(5, model); // outside a trace: no exemplar for the +Inf bucket

        // The trace-based exemplar filter keeps measurements made inside a sampled trace.
        _activity = new Activity("exemplar-source").SetIdFormat(ActivityIdFormat.W3C);
        _activity.ActivityTraceFlags = ActivityTraceFlags.Recorded;
        _activity.Start();
        histogram.Record(0.05, model);
        _activity.Stop();

        meter.CreateCounter<long>("om.requests", "{request}").Add(3, new KeyValuePair<string, object?>("inference.outcome", "success"));
        meter.CreateCounter<double>("om.busy", "s").Add(1.5);
        meter.CreateUpDownCounter<long>("om.requests.active", "{request}").Add(2);
    }

    public async Task DisposeAsync()
    {
        _activity.Dispose();
        _client.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task AnOpenMetricsScrapeGetsTotalSamplesUnitsAndAnEofTerminator()
    {
        var (contentType, text) = await ScrapeAsync(OpenMetricsAccept);

        Assert.Equal("application/openmetrics-text; version=1.0.0; charset=utf-8", contentType);
        Assert.Contains("# TYPE om_requests counter\nom_requests_total{inference_outcome=\"success\"} 3\n", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE om_busy_seconds counter\n# UNIT om_busy_seconds seconds\nom_busy_seconds_total 1.5\n", text, StringComparison.Ordinal);
        Assert.Contains("# HELP om_request_duration_seconds Request \\\"quoted\\\" \\\\ duration\\nsecond line\n", text, StringComparison.Ordinal);
        Assert.Contains("# UNIT om_request_duration_seconds seconds\n", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE om_requests_active gauge\nom_requests_active 2\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("# UNIT om_requests", text, StringComparison.Ordinal);
        Assert.EndsWith("\n# EOF\n", text, StringComparison.Ordinal);
        Assert.Empty(OpenMetricsChecker.Problems(text));
    }

    [Fact]
    public async Task AHistogramBucketCarriesTheExemplarOfTheTraceThatRecordedIt()
    {
        var (_, text) = await ScrapeAsync(OpenMetricsAccept);

        const string Label = "gen_ai_request_model=\"m\\\"quoted\\\"\\\\back\\nslash\"";
        var prefix = $"om_request_duration_seconds_bucket{{{Label},le=\"0.1\"}} 1 # {{trace_id=\"{_activity.TraceId.ToHexString()}\",span_id=\"{_activity.SpanId.ToHexString()}\"}} 0.05 ";
        var line = text.Split('\n').SingleOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal));
        Assert.True(line is not null, text);
        var timestamp = double.Parse(line[prefix.Length..], CultureInfo.InvariantCulture);
        Assert.InRange(timestamp, DateTimeOffset.UtcNow.AddMinutes(-5).ToUnixTimeSeconds(), DateTimeOffset.UtcNow.AddMinutes(1).ToUnixTimeSeconds());
        Assert.Contains($"om_request_duration_seconds_bucket{{{Label},le=\"+Inf\"}} 2\n", text, StringComparison.Ordinal);
        Assert.Contains($"om_request_duration_seconds_bucket{{{Label},le=\"0.01\"}} 0\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task APlainScrapeStaysText004WithoutExemplarsUnitsOrEof()
    {
        var (contentType, text) = await ScrapeAsync(null);

        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", contentType);
        Assert.Contains("om_requests_total{inference_outcome=\"success\"} 3\n", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE om_requests_total counter\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("# EOF", text, StringComparison.Ordinal);
        Assert.DoesNotContain("# UNIT", text, StringComparison.Ordinal);
        Assert.DoesNotContain(" # {", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AlternatingFormatsDoNotLeakIntoEachOther()
    {
        var (_, first) = await ScrapeAsync(OpenMetricsAccept);
        var (_, plain) = await ScrapeAsync("text/plain");
        var (_, second) = await ScrapeAsync(OpenMetricsAccept);

        Assert.Empty(OpenMetricsChecker.Problems(second));
        Assert.Single(first.Split('\n'), l => l == "# TYPE om_requests counter");
        Assert.Single(second.Split('\n'), l => l == "# TYPE om_requests counter");
        Assert.Single(plain.Split('\n'), l => l == "# TYPE om_requests_total counter");
        Assert.DoesNotContain("# TYPE om_requests counter", plain, StringComparison.Ordinal);
    }

    private async Task<(string ContentType, string Text)> ScrapeAsync(string? accept)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        if (accept is not null)
        {
            request.Headers.Accept.ParseAdd(accept);
        }

        using var response = await _client.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return (response.Content.Headers.ContentType!.ToString(), await response.Content.ReadAsStringAsync());
    }
}
