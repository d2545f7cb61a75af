using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace ServiceDefaults.Tests;

public sealed class HealthEndpointsTests : IAsyncLifetime
{
    private WebApplication _app = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.WebHost.UseTestServer();
        builder.AddServiceDefaults();
        builder.Services.AddHealthChecks().AddCheck("cache", () => HealthCheckResult.Unhealthy("cache unreachable"));
        _app = builder.Build();
        _app.MapDefaultEndpoints();
        await _app.StartAsync();
        _client = _app.GetTestClient();
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task HealthReportsEachFailingCheckByNameAsJsonInProduction()
    {
        using var response = await _client.GetAsync("/health");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Unhealthy", body.RootElement.GetProperty("status").GetString());
        var cache = body.RootElement.GetProperty("checks").GetProperty("cache");
        Assert.Equal("Unhealthy", cache.GetProperty("status").GetString());
        Assert.Equal("cache unreachable", cache.GetProperty("description").GetString());
        Assert.True(cache.GetProperty("durationMs").GetDouble() >= 0);
        Assert.Equal("Healthy", body.RootElement.GetProperty("checks").GetProperty("self").GetProperty("status").GetString());
    }

    [Fact]
    public async Task AliveIgnoresReadinessChecksSoAFailingDependencyDoesNotRestartTheProcess()
    {
        using var response = await _client.GetAsync("/alive");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Healthy", body.RootElement.GetProperty("status").GetString());
        Assert.False(body.RootElement.GetProperty("checks").TryGetProperty("cache", out _));
    }
}
