using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ServiceDefaults.Tests.Observability;

/// <summary>
/// /metrics served by the official exporter from real OpenTelemetry instruments: GenAI histograms with their buckets,
/// request counters under their Prometheus names (unit suffixes, <c>_total</c>), checked by Prometheus's own promtool.
/// </summary>
public sealed class PrometheusExpositionServerTests : IAsyncLifetime
{
    private WebApplication _app = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ApplicationName = "exposition-test", EnvironmentName = "Production" });
        builder.WebHost.UseTestServer();
        builder.AddServiceDefaults();
        // A service adds its own meter; ServiceDefaults names none.
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics.AddMeter("Inference.Api"));
        _app = builder.Build();
        _app.MapDefaultEndpoints();
        await _app.StartAsync();
        _client = _app.GetTestClient();

        var meter = _app.Services.GetRequiredService<IMeterFactory>().Create("Inference.Api");
        var histogram = meter.CreateHistogram("gen_ai.server.request.duration", "s", "Request \\ duration\nsecond line",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.01, 0.1, 1] });
        histogram.Record(0.05, new KeyValuePair<string, object?>("gen_ai.request.model", "m\"quoted\"\\back\nslash"));
        histogram.Record(5, new KeyValuePair<string, object?>("gen_ai.request.model", "m\"quoted\"\\back\nslash"));
        meter.CreateCounter<long>("inference.requests", "{request}").Add(3, new KeyValuePair<string, object?>("inference.outcome", "success"));
        meter.CreateUpDownCounter<long>("inference.requests.active", "{request}").Add(2);
        meter.CreateHistogram<double>("inference.empty", "s");
        meter.CreateObservableGauge("inference.weird", () => double.NaN);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task GenAiHistogramsKeepTheirBucketsAndCountersGetTheirPrometheusNames()
    {
        using var response = await _client.GetAsync("/metrics");
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        Assert.Contains("# TYPE gen_ai_server_request_duration_seconds histogram\n", text, StringComparison.Ordinal);
        const string Labels = "otel_scope_name=\"Inference.Api\",gen_ai_request_model=\"m\\\"quoted\\\"\\\\back\\nslash\"";
        Assert.Contains($"gen_ai_server_request_duration_seconds_bucket{{{Labels},le=\"0.01\"}} 0\n", text, StringComparison.Ordinal);
        Assert.Contains($"gen_ai_server_request_duration_seconds_bucket{{{Labels},le=\"0.1\"}} 1\n", text, StringComparison.Ordinal);
        Assert.Contains($"gen_ai_server_request_duration_seconds_bucket{{{Labels},le=\"1\"}} 1\n", text, StringComparison.Ordinal);
        Assert.Contains($"gen_ai_server_request_duration_seconds_bucket{{{Labels},le=\"+Inf\"}} 2\n", text, StringComparison.Ordinal);
        Assert.Contains($"gen_ai_server_request_duration_seconds_count{{{Labels}}} 2\n", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE inference_requests_total counter\n", text, StringComparison.Ordinal);
        Assert.Contains("inference_requests_total{otel_scope_name=\"Inference.Api\",inference_outcome=\"success\"} 3\n", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE inference_requests_active gauge\n", text, StringComparison.Ordinal);
        Assert.Contains("inference_weird{otel_scope_name=\"Inference.Api\"} NaN\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnOpenMetricsScrapeIsAnsweredInOpenMetrics()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        request.Headers.Accept.ParseAdd("application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5");
        using var response = await _client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();

        Assert.StartsWith("application/openmetrics-text", response.Content.Headers.ContentType!.ToString(), StringComparison.Ordinal);
        Assert.Contains("inference_requests_total{otel_scope_name=\"Inference.Api\",inference_outcome=\"success\"} 3\n", text, StringComparison.Ordinal);
        Assert.EndsWith("# EOF\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PromtoolAcceptsTheExposition()
    {
        var text = await _client.GetStringAsync("/metrics");
        var promtool = TestSupport.Processes.ExecutableLocator.Find("promtool");
        Assert.True(promtool is not null, "promtool is needed (apt-get install -y prometheus)");
        var info = new ProcessStartInfo(promtool, "check metrics") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };

        using var process = Process.Start(info)!;
        await process.StandardInput.WriteAsync(text);
        process.StandardInput.Close();
        var output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        // promtool exits 3 for lint warnings only (e.g. counters without _total), 1 for format errors.
        Assert.True(process.ExitCode is 0 or 3, output);
        Assert.DoesNotContain("error", output, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task EveryResponseCarriesARequestIdAndASaneClientIdIsKept()
    {
        using var generated = await _client.GetAsync("/alive");
        var request = new HttpRequestMessage(HttpMethod.Get, "/alive");
        request.Headers.Add("X-Request-ID", "client-id-123");
        using var kept = await _client.SendAsync(request);
        var bad = new HttpRequestMessage(HttpMethod.Get, "/alive");
        bad.Headers.Add("X-Request-ID", "has spaces & <script>");
        using var replaced = await _client.SendAsync(bad);

        Assert.Equal(32, generated.Headers.GetValues("X-Request-ID").Single().Length);
        Assert.Equal("client-id-123", kept.Headers.GetValues("X-Request-ID").Single());
        Assert.NotEqual("has spaces & <script>", replaced.Headers.GetValues("X-Request-ID").Single());
    }
}
