using TestSupport.Processes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ServiceDefaults.Tests;

/// <summary>
/// An HttpClient from a host built with AddServiceDefaults finds a service by its logical name (the
/// <c>Services:{name}:http</c> setting the AppHost injects) and rides over a transient failure of it.
/// </summary>
public sealed class HttpClientDefaultsServerTests : IAsyncLifetime
{
    private WebApplication _backend = null!;
    private IHost _client = null!;
    private int _calls;

    public async Task InitializeAsync()
    {
        var port = FreePort.Next();
        var backend = WebApplication.CreateSlimBuilder();
        backend.WebHost.UseUrls($"http://127.0.0.1:{port}");
        _backend = backend.Build();
        // The first call fails as a restarting replica would; the next ones answer.
        _backend.MapGet("/ping", () => Interlocked.Increment(ref _calls) == 1 ? Results.StatusCode(StatusCodes.Status503ServiceUnavailable) : Results.Text("pong"));
        await _backend.StartAsync();

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Production" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Services:backend:http:0"] = $"http://127.0.0.1:{port}" });
        builder.AddServiceDefaults();
        _client = builder.Build();
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _backend.DisposeAsync();
    }

    [Fact]
    public async Task AClientReachesAServiceByNameAndRetriesATransientFailure()
    {
        using var http = _client.Services.GetRequiredService<IHttpClientFactory>().CreateClient();

        var answer = await http.GetStringAsync("http://backend/ping");

        Assert.Equal("pong", answer);
        Assert.Equal(2, Volatile.Read(ref _calls));
    }
}
