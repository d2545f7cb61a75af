using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using TestSupport.Processes;

using Tests.Shared;

namespace EndToEnd.Tests;

/// <summary>
/// A real Prometheus (Debian's binary) scrapes both running services every second, with deploy/prometheus/alerts.yml
/// loaded: both targets are up, histogram_quantile answers over the GenAI histogram the requests filled, the
/// aggregator's window gauges arrive under their exporter names, and every alert rule evaluates without error.
/// </summary>
public sealed class PrometheusScrapeServerTests(Services services) : IClassFixture<Services>, IAsyncLifetime
{
    private const int Requests = 3;
    private static readonly TimeSpan s_deadline = TimeSpan.FromSeconds(45);
    private static readonly TimeSpan s_poll = TimeSpan.FromMilliseconds(250);
    private readonly string _directory = Directory.CreateTempSubdirectory("prometheus-e2e-").FullName;
    private readonly HttpClient _api = new() { Timeout = TimeSpan.FromSeconds(5) };
    private ChildProcess? _prometheus;

    public async Task InitializeAsync()
    {
        var apiPort = FreePort.Next();
        _api.BaseAddress = new Uri($"http://127.0.0.1:{apiPort}");
        var config = Path.Combine(_directory, "prometheus.yml");
        var rules = Path.Combine(RepositoryLayout.RepoRoot, "deploy", "prometheus", "alerts.yml");
        await File.WriteAllTextAsync(config, $"""
            global:
              scrape_interval: 1s
              scrape_timeout: 1s
              evaluation_interval: 1s
            rule_files:
              - {rules}
            scrape_configs:
              - job_name: inference
                static_configs:
                  - targets: ['{services.Inference.Authority}']
              - job_name: aggregator
                static_configs:
                  - targets: ['{services.Aggregator.Authority}']
            """);
        var prometheus = ExecutableLocator.Find("prometheus") ?? throw new InvalidOperationException("prometheus is needed (apt-get install -y prometheus)");
        var info = new ProcessStartInfo(prometheus);
        foreach (var argument in new[] { $"--config.file={config}", $"--storage.tsdb.path={Path.Combine(_directory, "data")}", $"--web.listen-address=127.0.0.1:{apiPort}" })
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
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task PrometheusScrapesBothServicesAndAnswersQuantilesOverTheGenAiHistograms()
    {
        using (var http = new HttpClient { BaseAddress = services.Inference, Timeout = TimeSpan.FromSeconds(30) })
        {
            for (var i = 0; i < Requests; i++)
            {
                using var response = await http.PostAsJsonAsync("/generate", new { prompt = "In the beginning", max_tokens = 4 });
                response.EnsureSuccessStatusCode();
            }
        }

        Assert.Equal("1", await PollAsync("up{job=\"inference\"}", v => v == "1"));
        Assert.Equal("1", await PollAsync("up{job=\"aggregator\"}", v => v == "1"));

        var count = await PollAsync("sum(gen_ai_server_request_duration_seconds_count{job=\"inference\"})", v => Number(v) >= Requests);
        var p50 = await PollAsync("histogram_quantile(0.5, sum by (le) (gen_ai_server_request_duration_seconds_bucket{job=\"inference\"}))", v => Number(v) > 0);
        var ttft = await PollAsync("histogram_quantile(0.5, sum by (le) (gen_ai_server_time_to_first_token_seconds_bucket{job=\"inference\"}))", v => Number(v) > 0);
        var windowed = await PollAsync("max(telemetry_window_requests{job=\"aggregator\",window=\"5m\"})", v => Number(v) >= Requests);

        Assert.Equal(Requests, Number(count));
        Assert.InRange(Number(p50), 0, 30);
        Assert.InRange(Number(ttft), 0, Number(p50) * 2);
        Assert.Equal(Requests, Number(windowed));
        Assert.True(services.BothAlive, services.Output);
    }

    [Fact]
    public async Task EveryAlertRuleEvaluatesAgainstTheScrapedSeries()
    {
        Assert.Equal("1", await PollAsync("up{job=\"inference\"}", v => v == "1"));
        List<string> unhealthy = [];
        var body = "(no answer)";
        await Eventually.TrueAsync(async () =>
        {
            body = await _api.GetStringAsync("/api/v1/rules");
            using var json = JsonDocument.Parse(body);
            var rules = json.RootElement.GetProperty("data").GetProperty("groups").EnumerateArray()
                .SelectMany(g => g.GetProperty("rules").EnumerateArray()).ToList();
            unhealthy = [.. rules.Where(r => r.GetProperty("health").GetString() != "ok").Select(r => r.GetProperty("name").GetString() + ": " + r.GetProperty("health").GetString())];
            return rules.Count > 0 && unhealthy.Count == 0;
        }, "every alert rule to evaluate healthy", s_deadline, () => string.Join("; ", unhealthy) + "\n" + body, s_poll);
    }

    private static double Number(string value) => double.Parse(value, CultureInfo.InvariantCulture);

    /// <summary>Queries until the result is one sample that <paramref name="done"/> accepts (bounded), and returns its value.</summary>
    private async Task<string> PollAsync(string query, Func<string, bool> done)
    {
        var last = "(no answer)";
        string? accepted = null;
        await Eventually.TrueAsync(async () =>
        {
            Assert.True(_prometheus is { HasExited: false }, "prometheus exited:\n" + string.Join('\n', _prometheus?.Output.Tail(30) ?? []));
            try
            {
                last = await _api.GetStringAsync("/api/v1/query?query=" + Uri.EscapeDataString(query));
            }
            catch (HttpRequestException)
            {
                return false; // Not listening yet.
            }

            using var json = JsonDocument.Parse(last);
            var result = json.RootElement.GetProperty("data").GetProperty("result");
            accepted = result.GetArrayLength() == 1 && result[0].GetProperty("value")[1].GetString() is { } value && value != "NaN" && done(value) ? value : null;
            return accepted is not null;
        }, $"'{query}' to give one accepted sample", s_deadline, () => $"{last}\n{services.Output}", s_poll);
        return accepted!;
    }
}
