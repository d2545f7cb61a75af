using System.Diagnostics;
using AppHost.Dashboard.Storage;

namespace AppHost.Tests.Dashboard;

public sealed class EventsApiServerTests : IAsyncLifetime
{
    private readonly TelemetryStores _stores = new();
    private DashboardFixture _dashboard = null!;

    public async Task InitializeAsync() => _dashboard = await DashboardFixture.StartAsync(_stores);

    public async Task DisposeAsync() => await _dashboard.DisposeAsync();

    [Fact]
    public async Task NewLogsAndConsoleLinesAreAnnouncedAsChangedEvents()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        using var response = await _dashboard.Browser.GetAsync("/api/events", HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(timeout.Token));
        Assert.Equal(": connected", await reader.ReadLineAsync(timeout.Token));

        _stores.Logs.Add(TelemetryFactory.Log("hello"), "svc");
        _dashboard.Catalog.Consoles["inference-0"].Add("a console line");

        var kinds = new HashSet<string>();
        var stopwatch = Stopwatch.StartNew();
        while (kinds.Count < 2 && stopwatch.Elapsed < TimeSpan.FromSeconds(15))
        {
            var line = await reader.ReadLineAsync(timeout.Token);
            if (line is null)
            {
                break;
            }

            if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                kinds.Add(line["data: ".Length..]);
            }
        }

        Assert.Contains("{\"kind\":\"logs\"}", kinds);
        Assert.Contains("{\"kind\":\"console\"}", kinds);
    }
}
