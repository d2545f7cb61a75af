using System.Text.Json;
using System.Net;

namespace EndToEnd.Tests;

/// <summary>The AppHost as a user runs it: one class, so its runs never share a cache data folder at once.</summary>
[Collection(AppHostCollection.Name)]
public sealed class AppHostServerTests : IDisposable
{
    private static readonly TimeSpan s_startTimeout = TimeSpan.FromSeconds(120);
    private readonly DirectoryInfo _data = Directory.CreateTempSubdirectory("apphost-data-");

    public void Dispose() => _data.Delete(recursive: true);

    [Fact]
    public async Task RunModeStartsTheTopologyRestartsACrashedServiceAndStopsEverythingOnSigterm()
    {
        await using var apphost = AppHostProcess.Start(_data.FullName);
        await AppHostProcess.WaitForLineAsync(apphost, l => l.Contains("all resources healthy", StringComparison.Ordinal), s_startTimeout);
        var endpoints = AppHostProcess.Endpoints(apphost);
        Assert.Equal("Redis", endpoints["cache"]);
        using var http = new HttpClient();
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri(new Uri(endpoints["aggregator"]), "/health"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri(new Uri(endpoints["inference"]), "/health"))).StatusCode);
        await AssertRequestsAreCountedByTheAggregatorAsync(http, new Uri(endpoints["inference"]), new Uri(endpoints["aggregator"]));
        using var dashboard = await AppHostDashboard.SignInAsync(apphost);
        await AssertTheDashboardReceivedTheRequestsTracesAsync(dashboard);
        var children = AppHostProcess.ChildrenOf(apphost.Id);
        var inference = children.Single(pid => AppHostProcess.CommandLine(pid).Contains("Inference.Api.dll", StringComparison.Ordinal));

        PosixKill(inference);
        await AppHostProcess.WaitForLineAsync(apphost, l => l.Contains("resource inference exited", StringComparison.Ordinal) && l.Contains("restart #1", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        await WaitUntilAsync(async () => (await TryGetAsync(http, new Uri(new Uri(endpoints["inference"]), "/health"))) == HttpStatusCode.OK, TimeSpan.FromSeconds(60));
        await WaitUntilAsync(async () => (await dashboard.ResourceAsync("inference")).GetProperty("restarts").GetInt32() == 1, TimeSpan.FromSeconds(10),
            () => "the dashboard does not show the restart");
        var allChildren = AppHostProcess.ChildrenOf(apphost.Id);
        Assert.DoesNotContain(inference, allChildren);

        await apphost.StopAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(0, apphost.ExitCode);
        Assert.All(allChildren.Concat(children), pid => Assert.False(AppHostProcess.IsAlive(pid), $"child {pid} ({AppHostProcess.CommandLine(pid)}) outlived the AppHost"));
    }

    private static async Task AssertRequestsAreCountedByTheAggregatorAsync(HttpClient http, Uri inference, Uri aggregator)
    {
        for (var i = 0; i < 3; i++)
        {
            using var body = new StringContent("""{"prompt":"In the beginning","max_tokens":4}""", System.Text.Encoding.UTF8, "application/json");
            using var response = await http.PostAsync(new Uri(inference, "/generate"), body);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        // The events travel inference → publisher → cache queue → aggregator consumer → windows.
        long counted = 0;
        await WaitUntilAsync(async () =>
        {
            using var stats = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync(new Uri(aggregator, "/stats?window=5m&route=generate")));
            counted = stats.RootElement.GetProperty("requests").GetInt64();
            return counted >= 3;
        }, TimeSpan.FromSeconds(60));
        Assert.Equal(3, counted);
        await AssertTheGrafanaDashboardReadsOnlyExportedMetricsAsync(http, inference, aggregator);
    }

    /// <summary>
    /// The services export over OTLP to the endpoint the AppHost injected: the dashboard holds the requests' traces,
    /// each with its GenAI span, and shows the resources running.
    /// </summary>
    private static async Task AssertTheDashboardReceivedTheRequestsTracesAsync(AppHostDashboard dashboard)
    {
        JsonElement[] traces = [];
        await WaitUntilAsync(async () =>
        {
            traces = [.. (await dashboard.GetAsync("/api/traces?text=text_completion&limit=50")).GetProperty("items").EnumerateArray()];
            return traces.Length >= 3;
        }, TimeSpan.FromSeconds(30), () => $"the dashboard received {traces.Length} traces with a text_completion span");
        var trace = await dashboard.GetAsync("/api/traces/" + traces[0].GetProperty("traceId").GetString());
        var genAi = trace.GetProperty("spans").EnumerateArray().Single(s => s.GetProperty("name").GetString()!.StartsWith("text_completion", StringComparison.Ordinal));
        Assert.Equal("kjv-5m", genAi.GetProperty("attributes").GetProperty("gen_ai.request.model").GetString());
        Assert.Equal("inference", genAi.GetProperty("resource").GetString());
        Assert.Equal("running", (await dashboard.ResourceAsync("inference")).GetProperty("state").GetString());
    }

    private static async Task AssertTheGrafanaDashboardReadsOnlyExportedMetricsAsync(HttpClient http, Uri inference, Uri aggregator)
    {
        // A failed request too, so the error series exist.
        using (var bad = new StringContent("""{"prompt":"   "}""", System.Text.Encoding.UTF8, "application/json"))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, (await http.PostAsync(new Uri(inference, "/generate"), bad)).StatusCode);
        }

        var wanted = GrafanaDashboard.Expressions().SelectMany(GrafanaDashboard.MetricNames).ToHashSet(StringComparer.Ordinal);
        Assert.True(wanted.Count >= 10, "the dashboard reads " + string.Join(", ", wanted));
        var missing = wanted.ToList();
        await WaitUntilAsync(async () =>
        {
            // Gauges of the aggregator's windows refresh every 10 s: poll until every name the dashboard reads is exported.
            var exported = (await http.GetStringAsync(new Uri(inference, "/metrics"))) + "\n" + (await http.GetStringAsync(new Uri(aggregator, "/metrics")));
            var names = exported.Split('\n').Where(l => l.Length > 0 && l[0] != '#').Select(l => l.Split('{', ' ')[0]).ToHashSet(StringComparer.Ordinal);
            missing = [.. wanted.Where(w => !names.Contains(w))];
            return missing.Count == 0;
        }, TimeSpan.FromSeconds(40), () => "the dashboard reads metrics nobody exports: " + string.Join(", ", missing));
    }

    [Fact]
    public async Task AKilledAppHostLeavesNoChildRunning()
    {
        await using var apphost = AppHostProcess.Start(_data.FullName);
        await AppHostProcess.WaitForLineAsync(apphost, l => l.Contains("all resources healthy", StringComparison.Ordinal), s_startTimeout);
        var children = AppHostProcess.ChildrenOf(apphost.Id).Where(pid => !AppHostProcess.CommandLine(pid).StartsWith("/bin/sh", StringComparison.Ordinal)).ToArray();
        Assert.True(children.Length >= 3, "expected the cache, the aggregator and inference as children: " + string.Join(", ", children.Select(AppHostProcess.CommandLine)));

        // SIGKILL to the AppHost alone: it gets no chance to stop anything; the watchdog must.
        PosixKill(apphost.Id);

        await WaitUntilAsync(() => Task.FromResult(!children.Any(AppHostProcess.IsAlive)), TimeSpan.FromSeconds(15));
    }

    private static void PosixKill(int pid)
    {
        using var process = System.Diagnostics.Process.GetProcessById(pid);
        process.Kill(entireProcessTree: false);
    }

    private static async Task<HttpStatusCode?> TryGetAsync(HttpClient http, Uri uri)
    {
        try
        {
            using var response = await http.GetAsync(uri);
            return response.StatusCode;
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, Func<string>? describe = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, describe?.Invoke() ?? "condition not met within " + timeout);
            await Task.Delay(200);
        }
    }
}
