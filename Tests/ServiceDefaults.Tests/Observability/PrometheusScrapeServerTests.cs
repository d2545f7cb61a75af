using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text.Json;
using TestSupport.Processes;
using Tests.Shared;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ServiceDefaults.Tests.Observability;

/// <summary>
/// A real Prometheus (Debian's 2.42 binary) scrapes a Kestrel host built with AddServiceDefaults every second (the
/// official exporter answers its OpenMetrics Accept in OpenMetrics); the
/// test then asks Prometheus's HTTP API what it stored. 100 known latencies over the buckets 0.1, 0.2, 0.5, 1 s:
/// 10 ≤ 0.1, 40 in (0.1, 0.2], 30 in (0.2, 0.5], 20 in (0.5, 1]; cumulative 10, 50, 80, 100.
/// </summary>
public sealed class PrometheusScrapeServerTests : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("prometheus-scrape-").FullName;
    private readonly HttpClient _api = new() { Timeout = TimeSpan.FromSeconds(5) };
    private WebApplication _app = null!;
    private ChildProcess? _prometheus;

    public async Task InitializeAsync()
    {
        var appPort = FreePort.Next();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ApplicationName = "scrape-test", EnvironmentName = "Production" });
        builder.WebHost.UseUrls($"http://127.0.0.1:{appPort}");
        builder.AddServiceDefaults();
        // A service adds its own meter; ServiceDefaults names none.
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics.AddMeter("Inference.Api"));
        _app = builder.Build();
        _app.MapDefaultEndpoints();
        await _app.StartAsync();
        RecordKnownLatencies();

        var apiPort = FreePort.Next();
        _api.BaseAddress = new Uri($"http://127.0.0.1:{apiPort}");
        var config = Path.Combine(_directory, "prometheus.yml");
        await File.WriteAllTextAsync(config, $"""
            global:
              scrape_interval: 1s
              scrape_timeout: 1s
            scrape_configs:
              - job_name: scrape-test
                static_configs:
                  - targets: ['127.0.0.1:{appPort}']
            """);
        var prometheus = ExecutableLocator.Find("prometheus") ?? throw new InvalidOperationException("prometheus is needed (apt-get install -y prometheus)");
        var info = new ProcessStartInfo(prometheus);
        foreach (var argument in new[]
        {
            $"--config.file={config}", $"--storage.tsdb.path={Path.Combine(_directory, "data")}",
            $"--web.listen-address=127.0.0.1:{apiPort}",
        })
        {
            info.ArgumentList.Add(argument);
        }

        _prometheus = ChildProcess.Start("prometheus", info);
    }

    public async Task DisposeAsync()
    {
        if (_prometheus is not null)
        {
            await _prometheus.DisposeAsync();
        }

        _api.Dispose();
        await _app.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task PrometheusScrapesTheServiceAndComputesQuantilesFromItsBuckets()
    {
        Assert.Equal("1", await PollAsync("up{job=\"scrape-test\"}"));

        // Linear interpolation inside the bucket that holds the rank: 0.9 → rank 90 in (0.5, 1] holding 80..100.
        var p90 = await PollAsync("histogram_quantile(0.9, scrape_test_latency_seconds_bucket{job=\"scrape-test\"})");
        var p30 = await PollAsync("histogram_quantile(0.3, scrape_test_latency_seconds_bucket{job=\"scrape-test\"})");
        var count = await PollAsync("scrape_test_latency_seconds_count{job=\"scrape-test\"}");

        Assert.Equal(0.75, double.Parse(p90, CultureInfo.InvariantCulture), 9);
        Assert.Equal(0.15, double.Parse(p30, CultureInfo.InvariantCulture), 9);
        Assert.Equal("100", count);
    }

    private void RecordKnownLatencies()
    {
        var meter = _app.Services.GetRequiredService<IMeterFactory>().Create("Inference.Api");
        var histogram = meter.CreateHistogram("scrape.test.latency", "s", "Known latencies",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.1, 0.2, 0.5, 1] });
        for (var i = 0; i < 10; i++)
        {
            histogram.Record(0.05);
        }

        for (var i = 0; i < 40; i++)
        {
            histogram.Record(0.15);
        }

        for (var i = 0; i < 30; i++)
        {
            histogram.Record(0.3);
        }

        for (var i = 0; i < 20; i++)
        {
            histogram.Record(0.8);
        }
    }

    /// <summary>Queries until the result has one sample (≤ 30 s), and returns its value; fails with Prometheus's log.</summary>
    private async Task<string> PollAsync(string query)
    {
        var last = "(no answer)";
        string? value = null;
        await Eventually.TrueAsync(async () =>
        {
            Assert.True(_prometheus is { HasExited: false }, $"Prometheus exited:\n{string.Join('\n', _prometheus?.Output.Tail(30) ?? [])}");
            try
            {
                last = await _api.GetStringAsync("/api/v1/query?query=" + Uri.EscapeDataString(query));
            }
            catch (HttpRequestException)
            {
                return false; // not listening yet
            }

            using var json = JsonDocument.Parse(last);
            var result = json.RootElement.GetProperty("data").GetProperty("result");
            value = result.GetArrayLength() == 1 ? result[0].GetProperty("value")[1].GetString() : null;
            return value is not null && value != "0";
        }, $"a single non-zero result of '{query}'", seen: () => $"{last}\n{string.Join('\n', _prometheus?.Output.Tail(30) ?? [])}");
        return value!;
    }
}
