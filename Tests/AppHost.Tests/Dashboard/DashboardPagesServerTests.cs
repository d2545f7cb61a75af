using System.Net;
using AppHost.Processes;

namespace AppHost.Tests.Dashboard;

/// <summary>
/// The pages a signed-in browser loads: one shell for every view, its own script and stylesheet, and the chart library
/// bundled at build from its npm package; nothing from elsewhere.
/// </summary>
public sealed class DashboardPagesServerTests : IAsyncLifetime
{
    private static readonly string[] s_ownAssets = ["index.html", "app.js", "app.css"];

    private DashboardFixture _dashboard = null!;

    public async Task InitializeAsync() => _dashboard = await DashboardFixture.StartAsync();

    public async Task DisposeAsync() => await _dashboard.DisposeAsync();

    [Theory]
    [InlineData("/")]
    [InlineData("/resources")]
    [InlineData("/console/inference")]
    [InlineData("/logs?level=Warning")]
    [InlineData("/traces")]
    [InlineData("/traces/4bf92f3577b34da6a3ce929d0e0e4736")]
    [InlineData("/metrics")]
    public async Task EveryViewServesTheShellWithItsScriptUnderAStrictContentSecurityPolicy(string path)
    {
        using var response = await _dashboard.Browser.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<script src=\"/assets/app.js\"></script>", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var policy = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'self'", policy, StringComparison.Ordinal);
        Assert.Contains("script-src 'self';", policy, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("app.js", "text/javascript")]
    [InlineData("app.css", "text/css")]
    [InlineData("uPlot.iife.min.js", "text/javascript")]
    [InlineData("uPlot.min.css", "text/css")]
    public async Task AssetsAreServedFromTheAssemblyWithTheirContentType(string file, string mediaType)
    {
        using var response = await _dashboard.Browser.GetAsync("/assets/" + file);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        Assert.True((await response.Content.ReadAsByteArrayAsync()).Length > 500);
    }

    [Fact]
    public async Task AnUnknownAssetIsAProblemNotAServerError()
    {
        using var response = await _dashboard.Browser.GetAsync("/assets/../../etc/passwd");
        using var missing = await _dashboard.Browser.GetAsync("/assets/nothing.js");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task TheShellLoadsTheBundledChartLibraryBeforeItsOwnScript()
    {
        var shell = await _dashboard.Browser.GetStringAsync("/");
        var library = await _dashboard.Browser.GetStringAsync("/assets/uPlot.iife.min.js");

        var chart = shell.IndexOf("<script src=\"/assets/uPlot.iife.min.js\"></script>", StringComparison.Ordinal);
        Assert.InRange(chart, 0, shell.IndexOf("<script src=\"/assets/app.js\"></script>", StringComparison.Ordinal));
        Assert.Contains("<link rel=\"stylesheet\" href=\"/assets/uPlot.min.css\">", shell, StringComparison.Ordinal);
        Assert.Contains("var uPlot", library, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ThePagesLoadNothingFromAnotherOrigin()
    {
        foreach (var file in s_ownAssets)
        {
            var text = await _dashboard.Browser.GetStringAsync("/assets/" + file);

            Assert.DoesNotContain("http://", text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("https://", text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("src=\"//", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task TheScriptIsValidJavaScript()
    {
        var script = Path.Combine(Path.GetTempPath(), $"dashboard-{Guid.NewGuid():N}.js");
        await File.WriteAllTextAsync(script, await _dashboard.Browser.GetStringAsync("/assets/app.js"));
        try
        {
            var (exit, _, stderr) = await ProcessRun.RunAsync("node", Path.GetTempPath(), null, ["--check", script]);

            Assert.True(exit == 0, "node --check: " + stderr);
        }
        finally
        {
            File.Delete(script);
        }
    }
}
