using System.Net;
using System.Text.Json;
using AppHost.Orchestration;

namespace AppHost.Tests.Dashboard;

public sealed class ResourcesApiServerTests : IAsyncLifetime
{
    private DashboardFixture _dashboard = null!;

    public async Task InitializeAsync() => _dashboard = await DashboardFixture.StartAsync();

    public async Task DisposeAsync() => await _dashboard.DisposeAsync();

    [Fact]
    public async Task ResourcesAreListedWithStateHealthRestartsAndEndpointsInCamelCase()
    {
        using var doc = JsonDocument.Parse(await _dashboard.Browser.GetStringAsync("/api/resources"));

        var rows = doc.RootElement.EnumerateArray().ToArray();
        Assert.Equal(2, rows.Length);
        var inference = rows[1];
        Assert.Equal("inference", inference.GetProperty("name").GetString());
        Assert.Equal("project", inference.GetProperty("type").GetString());
        Assert.Equal("inference-0", inference.GetProperty("instance").GetString());
        Assert.Equal("running", inference.GetProperty("state").GetString());
        Assert.Equal("healthy", inference.GetProperty("health").GetString());
        Assert.Equal(2, inference.GetProperty("restarts").GetInt32());
        Assert.Equal(101, inference.GetProperty("pid").GetInt32());
        Assert.EndsWith("Z", inference.GetProperty("startedAt").GetString());
        Assert.Equal("http://127.0.0.1:5001", inference.GetProperty("endpoints")[0].GetString());
    }

    [Theory]
    [InlineData("restart", nameof(ResourceCommand.Restart))]
    [InlineData("stop", nameof(ResourceCommand.Stop))]
    [InlineData("start", nameof(ResourceCommand.Start))]
    public async Task AnActionIsAcceptedAndHandedToTheInstance(string action, string command)
    {
        var expected = Enum.Parse<ResourceCommand>(command);

        using var response = await _dashboard.Browser.PostAsync($"/api/resources/inference-0/{action}", null);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(("inference-0", expected), Assert.Single(_dashboard.Catalog.Commands));
    }

    [Fact]
    public async Task AnActionOnAnUnknownInstanceOrAnUnknownActionIsNotFound()
    {
        using var unknownInstance = await _dashboard.Browser.PostAsync("/api/resources/nobody/restart", null);
        using var unknownAction = await _dashboard.Browser.PostAsync("/api/resources/inference-0/explode", null);

        Assert.Equal(HttpStatusCode.NotFound, unknownInstance.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknownAction.StatusCode);
        Assert.Empty(_dashboard.Catalog.Commands);
    }

    [Fact]
    public async Task ACacheCannotBeRestartedFromTheDashboard()
    {
        using var response = await _dashboard.Browser.PostAsync("/api/resources/cache/restart", null);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
    }

    [Fact]
    public async Task ConsoleLinesArePagedAfterASeqAndEvictionsAreCounted()
    {
        var console = _dashboard.Catalog.Consoles["inference-0"];
        foreach (var line in new[] { "one", "two", "three", "four" })
        {
            console.Add(line);
        }

        using var all = JsonDocument.Parse(await _dashboard.Browser.GetStringAsync("/api/console/inference-0"));
        using var after = JsonDocument.Parse(await _dashboard.Browser.GetStringAsync("/api/console/inference-0?after=3"));

        Assert.Equal(["two", "three", "four"], all.RootElement.GetProperty("lines").EnumerateArray().Select(l => l.GetProperty("text").GetString()));
        Assert.Equal(1, all.RootElement.GetProperty("dropped").GetInt64());
        var line4 = Assert.Single(after.RootElement.GetProperty("lines").EnumerateArray());
        Assert.Equal(4, line4.GetProperty("seq").GetInt64());
        Assert.Equal("four", line4.GetProperty("text").GetString());
    }

    [Fact]
    public async Task ABadConsoleCursorIsAProblemAndAnUnknownInstanceIsNotFound()
    {
        using var bad = await _dashboard.Browser.GetAsync("/api/console/inference-0?after=-1");
        using var unknown = await _dashboard.Browser.GetAsync("/api/console/nobody");

        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("application/problem+json", bad.Content.Headers.ContentType?.MediaType);
        Assert.Contains("after", await bad.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }
}
