using System.Net.Http.Json;
using Microsoft.Playwright;

namespace EndToEnd.Tests;

/// <summary>
/// The real Aspire dashboard in a browser (Debian's Chromium through Playwright; nothing is downloaded), on the built
/// AppHost run as its own process: sign in with the printed URL, find the three resources, find a chat request's
/// trace with its GenAI span, open the aggregator's overview page from the resource's link, and follow an alert's
/// example request to its trace. The dashboard is Blazor Server: every step waits for an element, bounded.
/// </summary>
[Collection(AppHostProcessCollection.Name)]
public sealed class DashboardBrowserServerTests
{
    private const string Chromium = "/usr/lib/chromium/chromium";
    private const float StepTimeoutMs = 60_000;
    private static readonly string s_shots = Path.Combine(AppContext.BaseDirectory, "dashboard");

    [Fact]
    public async Task TheAspireDashboardShowsTheTopologyAChatTraceAndLeadsFromTheOverviewsAlertToATrace()
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: apt-get install -y chromium (.ci/run does).");
        // One more alert rule (DCP passes the AppHost's environment on to the services): any request slower than
        // 0 ms, evaluated every second, firing at once, so the overview has an alert with example requests.
        await using var apphost = await AppHostRun.StartAsync(new Dictionary<string, string>
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
        Directory.CreateDirectory(s_shots);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1600, Height = 900 } });
        page.SetDefaultTimeout(StepTimeoutMs);
        var dashboard = apphost.LoginUrl[..apphost.LoginUrl.IndexOf("/login", StringComparison.Ordinal)];

        await StepAsync(page, "sign in and see the three resources running", async () =>
        {
            await page.GotoAsync(apphost.LoginUrl);
            await WaitForTextAsync(page, [.. AspireApp.ResourceNames, "Running", "GenAI overview"]);
        });
        await ShotAsync(page, "resources");

        // The inference row gets its URLs once it runs (it waits for the aggregator): poll the page's links, bounded.
        var (overviewUrl, inferenceUrl) = await StepAsync(page, "read the inference endpoint and the overview link from the resources page", async () =>
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromMilliseconds(StepTimeoutMs);
            while (true)
            {
                var links = await page.Locator("a[href^='http://localhost:']").EvaluateAllAsync<string[]>("links => links.map(l => l.href)");
                if (await FindInferenceAsync(links) is { } found && links.FirstOrDefault(l => l.EndsWith("/overview", StringComparison.Ordinal)) is { } overview)
                {
                    return (overview, found);
                }

                if (DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException("no link on the resources page answers /v1/models: " + string.Join(", ", links));
                }

                await page.WaitForTimeoutAsync(1000);
            }
        });

        // Each chat request continues a trace whose id the test chose (W3C traceparent), so the test opens that trace
        // by its address: the traces list re-renders while telemetry streams in, and clicking in it raced the updates.
        var chatTrace = System.Diagnostics.ActivityTraceId.CreateRandom().ToHexString();
        using (var http = new HttpClient { BaseAddress = inferenceUrl })
        {
            for (var i = 0; i < 3; i++)
            {
                var traceId = i == 0 ? chatTrace : System.Diagnostics.ActivityTraceId.CreateRandom().ToHexString();
                using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
                {
                    Content = JsonContent.Create(new { model = "kjv-5m", max_tokens = 8, messages = new[] { new { role = "user", content = "And God said " + i } } }),
                };
                request.Headers.Add("traceparent", $"00-{traceId}-{System.Diagnostics.ActivitySpanId.CreateRandom().ToHexString()}-01");
                (await http.SendAsync(request)).EnsureSuccessStatusCode();
            }
        }

        await StepAsync(page, "find a chat request's trace with its GenAI span", async () =>
        {
            // Exported in batches: reload the trace's page until it has arrived (bounded by the step's timeout).
            var deadline = DateTime.UtcNow + TimeSpan.FromMilliseconds(StepTimeoutMs);
            while (true)
            {
                await page.GotoAsync($"{dashboard}/traces/detail/{chatTrace}");
                try
                {
                    await Visible(page.GetByText("chat kjv-5m")).First.WaitForAsync(new() { Timeout = 5_000 });
                    break;
                }
                catch (TimeoutException) when (DateTime.UtcNow < deadline)
                {
                    // Not exported yet.
                }
            }

            await WaitForTextAsync(page, ["/v1/chat/completions"]);
            await Visible(page.GetByText("chat kjv-5m")).First.ClickAsync();
            await WaitForTextAsync(page, ["gen_ai.request.model"]);
        });
        await ShotAsync(page, "chat-trace");

        await StepAsync(page, "open the overview from the resource's link and follow the alert's example request to its trace", async () =>
        {
            var overview = await browser.NewPageAsync();
            overview.SetDefaultTimeout(StepTimeoutMs);
            for (var attempt = 0; attempt < 30; attempt++)
            {
                await overview.GotoAsync(overviewUrl);
                if (await overview.Locator("tr[data-rule='browser-test-latency'] a.example").CountAsync() > 0)
                {
                    break;
                }

                await overview.WaitForTimeoutAsync(2000);
            }

            await ShotAsync(overview, "overview");
            // The chat requests were traced, so the example links straight to its trace, not to its log lines.
            var example = await overview.Locator("tr[data-rule='browser-test-latency'] a.example").First.GetAttributeAsync("href");
            Assert.NotNull(example);
            Assert.StartsWith(dashboard + "/traces/detail/", example, StringComparison.Ordinal);
            await page.GotoAsync(example);
            await WaitForTextAsync(page, ["/v1/chat/completions", "chat kjv-5m"]);
        });
        await ShotAsync(page, "example-trace");
    }

    private static ILocator Visible(ILocator locator) => locator.Filter(new() { Visible = true });

    /// <summary>
    /// Waits (bounded) until the page's visible text holds every one of <paramref name="texts"/>. When the dashboard
    /// shows its own "An unhandled error has occurred. Reload" bar (its server-side page lost its connection: seen once
    /// on a busy run, with an empty resource list behind it), the page is reloaded, as a user would click Reload.
    /// </summary>
    private static async Task WaitForTextAsync(IPage page, string[] texts)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMilliseconds(StepTimeoutMs);
        var reloads = 0;
        while (true)
        {
            var body = await page.InnerTextAsync("body");
            if (texts.All(t => body.Contains(t, StringComparison.Ordinal)))
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("the page never showed all of: " + string.Join(", ", texts) + (reloads > 0 ? $" (reloaded {reloads} times after the dashboard's error bar)" : ""));
            }

            if (body.Contains("An unhandled error has occurred", StringComparison.Ordinal))
            {
                reloads++;
                await page.ReloadAsync();
            }

            await page.WaitForTimeoutAsync(500);
        }
    }

    /// <summary>The endpoint among the dashboard's links that answers as the inference API.</summary>
    private static async Task<Uri?> FindInferenceAsync(IEnumerable<string> links)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        foreach (var link in links.Distinct(StringComparer.Ordinal))
        {
            var uri = new Uri(link);
            var root = new Uri(uri.GetLeftPart(UriPartial.Authority));
            try
            {
                using var models = await http.GetAsync(new Uri(root, "/v1/models"));
                if (models.IsSuccessStatusCode)
                {
                    return root;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // Not this one, or not listening yet (DCP's proxy holds the connection while the service starts).
            }
        }

        return null;
    }

    private static async Task<T> StepAsync<T>(IPage page, string what, Func<Task<T>> step)
    {
        try
        {
            return await step();
        }
        catch (TimeoutException e)
        {
            await ShotAsync(page, "failed");
            throw new TimeoutException($"{what}: {e.Message}\nThe page ({page.Url}) shows: {await page.InnerTextAsync("body")}", e);
        }
    }

    private static Task StepAsync(IPage page, string what, Func<Task> step) =>
        StepAsync(page, what, async () => { await step(); return true; });

    private static Task ShotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new() { Path = Path.Combine(s_shots, name + ".png"), FullPage = true });
}
