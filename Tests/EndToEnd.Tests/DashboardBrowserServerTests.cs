using System.Net.Http.Json;
using Microsoft.Playwright;

namespace EndToEnd.Tests;

/// <summary>
/// The dashboard in a real browser (Debian's Chromium through Playwright; no browser is downloaded), on a running
/// AppHost fed with real requests: every page shows the telemetry a user would look for, a log line and a firing
/// alert's example request each lead to a trace's waterfall, and each page is saved as a screenshot under the test
/// output's <c>dashboard/</c> folder.
/// </summary>
[Collection(AppHostCollection.Name)]
public sealed class DashboardBrowserServerTests : IDisposable
{
    private const string Chromium = "/usr/lib/chromium/chromium";
    private static readonly float s_timeout = 30_000;
    private readonly DirectoryInfo _data = Directory.CreateTempSubdirectory("apphost-data-");
    private readonly string _shots = Path.Combine(AppContext.BaseDirectory, "dashboard");

    public void Dispose() => _data.Delete(recursive: true);

    [Fact]
    public async Task EveryPageShowsTheRunningSystemsTelemetryAndALogLineLeadsToItsTraceWaterfall()
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: apt-get install -y chromium (.ci/run does).");
        // One more alert rule for the aggregator (the AppHost's children inherit its environment): any request slower
        // than 0 ms, evaluated every second, firing at once, so the overview has an alert with example requests.
        await using var apphost = AppHostProcess.Start(_data.FullName, new Dictionary<string, string>
        {
            ["Alerts__EvaluationInterval"] = "00:00:01",
            ["Alerts__Rules__5__Name"] = "browser-test-latency",
            ["Alerts__Rules__5__Kind"] = "threshold",
            ["Alerts__Rules__5__Metric"] = "latency_p95",
            ["Alerts__Rules__5__Window"] = "5m",
            ["Alerts__Rules__5__Operator"] = ">",
            ["Alerts__Rules__5__Threshold"] = "0",
            ["Alerts__Rules__5__For"] = "00:00:00",
            ["Alerts__Rules__5__MinRequests"] = "1",
            ["Alerts__Rules__5__Severity"] = "warning",
        });
        await AppHostProcess.WaitForLineAsync(apphost, l => l.Contains("all resources healthy", StringComparison.Ordinal), TimeSpan.FromSeconds(120));
        var inference = new Uri(AppHostProcess.Endpoints(apphost)["inference"]);
        var login = (await AppHostProcess.WaitForLineAsync(apphost, l => l.StartsWith("AppHost: dashboard ", StringComparison.Ordinal), TimeSpan.FromSeconds(5)))["AppHost: dashboard ".Length..].Trim();
        using (var http = new HttpClient { BaseAddress = inference })
        {
            for (var i = 0; i < 5; i++)
            {
                (await http.PostAsJsonAsync("/generate", new { prompt = "And God said " + i, max_tokens = 8 })).EnsureSuccessStatusCode();
            }

            await http.PostAsJsonAsync("/generate", new { prompt = "   " }); // one refused request: an error to show
        }

        Directory.CreateDirectory(_shots);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = Chromium, Headless = true, Args = ["--no-sandbox"] });
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1366, Height = 768 } });
        page.SetDefaultTimeout(s_timeout);
        var errors = new List<string>();
        page.PageError += (_, e) => errors.Add(e);

        // Signing in with the printed URL lands on the GenAI overview; the aggregator counts all six requests.
        await page.GotoAsync(login);
        await Expect(page, "#view", "GenAI overview");
        await EventuallyAsync(page, async () => (await page.InnerTextAsync(".card:has-text('Requests') .value")).Trim() == "6", "the overview counts the 6 requests");
        Assert.Contains("validation", await page.InnerTextAsync("#view"), StringComparison.Ordinal);
        Assert.StartsWith("$0.0000", (await page.InnerTextAsync(".card:has-text('Cost today') .value")).Trim(), StringComparison.Ordinal);
        await ShotAsync(page, "overview");

        // A point on an overview chart leads to the traces recorded from that moment on.
        await page.Locator(".chart:has(.title:text-is('latency_p95')) .u-over").ClickAsync();
        await page.WaitForURLAsync("**/traces?from=*");
        await Expect(page, "#view", "/generate");

        await page.GotoAsync(Base(login) + "/resources");
        await Expect(page, "tr[data-instance='inference']", "running");
        await ShotAsync(page, "resources");

        await page.GotoAsync(Base(login) + "/console/inference");
        await Expect(page, "pre.console", "Model kjv-5m loaded");
        await ShotAsync(page, "console");

        await page.GotoAsync(Base(login) + "/metrics?resource=inference&name=gen_ai.server.request.duration");
        await page.Locator(".chart .plot[data-points] canvas").First.WaitForAsync(); // a latency quantile drawn by uPlot
        await ShotAsync(page, "metrics");

        // A request's log line (received over OTLP) → its trace → the GenAI span with the model and token counts.
        await EventuallyAsync(page, async () =>
        {
            await page.GotoAsync(Base(login) + "/logs?text=" + Uri.EscapeDataString("Request ") + "&resource=inference");
            return await page.Locator("tr.clickable:has-text('/generate') a").CountAsync() > 0;
        }, "the request log lines reach the dashboard with their trace ids");
        await ShotAsync(page, "logs");
        await page.Locator("tr.clickable:has-text('-> 200') a").First.ClickAsync();
        await WaitForPathAsync(page, "/traces/");
        await Expect(page, "table.waterfall", "text_completion kjv-5m");
        var genAi = await page.InnerTextAsync("table.waterfall");
        Assert.Contains("model kjv-5m", genAi, StringComparison.Ordinal);
        Assert.Contains("out 8", genAi, StringComparison.Ordinal);
        await ShotAsync(page, "trace");

        // The firing alert on the overview → one of its example requests → that request's trace.
        await EventuallyAsync(page, async () =>
        {
            await page.GotoAsync(Base(login) + "/");
            await page.Locator("#view .card").First.WaitForAsync();
            return await page.Locator("tr:has-text('browser-test-latency'):has-text('firing') a").CountAsync() > 0;
        }, "the test rule fires with example request ids");
        await ShotAsync(page, "alert");
        var example = page.Locator("tr:has-text('browser-test-latency') a").First;
        var requestId = await example.InnerTextAsync();
        await example.ClickAsync();
        await WithPageOnFailureAsync(page, () => WaitForPathAsync(page, "/traces/"), "the example request " + requestId + " leads to its trace");
        await Expect(page, "table.waterfall", "text_completion kjv-5m");
        await ShotAsync(page, "alert-trace");

        Assert.Empty(errors);
    }

    private static async Task WithPageOnFailureAsync(IPage page, Func<Task> step, string what)
    {
        try
        {
            await step();
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{what}: {e.Message}\nThe page ({page.Url}) shows: {await page.InnerTextAsync("#view")}", e);
        }
    }

    // The page's own address, polled: an example request id first opens /traces?requestId=..., whose script replaces
    // it with /traces/{trace id} as soon as the request's log line is found; Playwright's WaitForURL, started while
    // the first of those two navigations is under way, sometimes never reports the second although the page shows it.
    private static async Task WaitForPathAsync(IPage page, string prefix)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!new Uri(page.Url).AbsolutePath.StartsWith(prefix, StringComparison.Ordinal))
        {
            if (waited.Elapsed.TotalMilliseconds > s_timeout)
            {
                throw new TimeoutException($"the page stayed at {page.Url} instead of opening {prefix}");
            }

            await Task.Delay(100);
        }
    }

    private static string Base(string login) => login[..login.IndexOf("/login", StringComparison.Ordinal)];

    private static async Task Expect(IPage page, string selector, string text) =>
        await page.Locator(selector).Filter(new() { HasText = text }).First.WaitForAsync();

    private static async Task EventuallyAsync(IPage page, Func<Task<bool>> condition, string what)
    {
        for (var attempt = 0; attempt < 40; attempt++)
        {
            if (await condition())
            {
                return;
            }

            await page.WaitForTimeoutAsync(500);
            if (attempt % 6 == 5)
            {
                await page.ReloadAsync();
            }
        }

        Assert.Fail("Not within 20 s: " + what);
    }

    private Task ShotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new() { Path = Path.Combine(_shots, name + ".png"), FullPage = true });
}
