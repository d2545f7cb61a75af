using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace EndToEnd.Tests;

/// <summary>
/// The real AppHost started through <c>Aspire.Hosting.Testing</c>: DCP runs the cache and both services as it does
/// for <c>dotnet run --project AppHost</c> (without the dashboard). Shared by the tests of one collection: starting
/// takes seconds and stopping DCP more (measured: see the README), so no test class pays for its own.
/// </summary>
public sealed class AspireApp : IAsyncLifetime
{
    /// <summary>Building both services' first requests and DCP's start on two shared cores: generous, and bounded.</summary>
    private static readonly TimeSpan s_startTimeout = TimeSpan.FromMinutes(3);

    public static readonly string[] ResourceNames = ["cache", "aggregator", "inference"];

    private readonly DirectoryInfo _spool = Directory.CreateTempSubdirectory("aspire-spool-");
    private DistributedApplication? _app;

    public DistributedApplication App => _app ?? throw new InvalidOperationException("The app has not started.");

    public async Task InitializeAsync()
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>();
        // One ORT thread per session: the suite shares two cores with the other test collections.
        builder.CreateResourceBuilder(builder.Resources.OfType<ProjectResource>().Single(r => r.Name == "inference"))
            .WithEnvironment("Model__IntraOpThreads", "1")
            // This app's own spool: events left by another test's services must never be replayed into this cache.
            .WithEnvironment("Telemetry__Events__SpoolDirectory", _spool.FullName);
        _app = await builder.BuildAsync();
        using var timeout = new CancellationTokenSource(s_startTimeout);
        await _app.StartAsync(timeout.Token);
        foreach (var name in ResourceNames)
        {
            await _app.ResourceNotifications.WaitForResourceHealthyAsync(name, timeout.Token);
        }
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        _spool.Delete(recursive: true);
    }

    /// <summary>An HTTP client for a service's endpoint, as Aspire resolves it.</summary>
    public HttpClient Client(string resource) => App.CreateHttpClient(resource);

    /// <summary>The resource's latest snapshot once <paramref name="predicate"/> holds, bounded.</summary>
    public async Task<ResourceEvent> WaitForAsync(string resource, Func<ResourceEvent, bool> predicate, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        return await App.ResourceNotifications.WaitForResourceAsync(resource, predicate, cancel.Token);
    }

    /// <summary>Runs one of the dashboard's resource commands (start, stop, restart) as a user would.</summary>
    public Task<ExecuteCommandResult> ExecuteCommandAsync(string resource, string command) =>
        App.Services.GetRequiredService<ResourceCommandService>().ExecuteCommandAsync(
            App.Services.GetRequiredService<DistributedApplicationModel>().Resources.Single(r => r.Name == resource), command);
}
