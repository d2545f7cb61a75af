using System.Globalization;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using TestSupport.Processes;

namespace Benchmarks.Faults;

/// <summary>
/// The real AppHost started through <c>Aspire.Hosting.Testing</c> (DCP runs the cache and both services, without the
/// dashboard): the inference endpoint, the process behind a resource, its state, and the dashboard's commands.
/// </summary>
internal sealed class AspireRun : IAsyncDisposable
{
    private static readonly TimeSpan s_startTimeout = TimeSpan.FromMinutes(3);

    private readonly DistributedApplication _app;

    private AspireRun(DistributedApplication app) => _app = app;

    /// <summary>Starts it and waits (bounded) until every resource is healthy.</summary>
    public static async Task<AspireRun> StartAsync()
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>();
        var app = await builder.BuildAsync();
        var run = new AspireRun(app);
        try
        {
            using var timeout = new CancellationTokenSource(s_startTimeout);
            await app.StartAsync(timeout.Token);
            foreach (var name in new[] { "cache", "aggregator", "inference" })
            {
                await app.ResourceNotifications.WaitForResourceHealthyAsync(name, timeout.Token);
            }
        }
        catch
        {
            await run.DisposeAsync();
            throw;
        }

        return run;
    }

    /// <summary>The resource's HTTP endpoint (DCP's proxy, which outlives the process behind it).</summary>
    public Uri Endpoint(string resource) => _app.GetEndpoint(resource, "http");

    /// <summary>The pid of the service process itself (not the <c>dotnet run</c> wrapper DCP starts it through).</summary>
    public async Task<int> ServicePidAsync(string resource, string binaryMarker, TimeSpan timeout)
    {
        var running = await WaitForAsync(resource, e => e.Snapshot.State?.Text == KnownResourceStates.Running && Pid(e) > 0, timeout);
        return ProcessTree.WithDescendants([Pid(running)])
            .Single(pid => ProcessTree.CommandLine(pid).Contains(binaryMarker, StringComparison.Ordinal) && !ProcessTree.CommandLine(pid).StartsWith("dotnet run", StringComparison.Ordinal));
    }

    /// <summary>The resource's snapshot once <paramref name="predicate"/> holds, bounded.</summary>
    public async Task<ResourceEvent> WaitForAsync(string resource, Func<ResourceEvent, bool> predicate, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        return await _app.ResourceNotifications.WaitForResourceAsync(resource, predicate, cancel.Token);
    }

    /// <summary>Waits (bounded) until the resource's health checks pass.</summary>
    public async Task WaitHealthyAsync(string resource, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        await _app.ResourceNotifications.WaitForResourceHealthyAsync(resource, cancel.Token);
    }

    /// <summary>Runs a dashboard command (<see cref="KnownResourceCommands"/>) on the resource, as a user clicking it.</summary>
    public Task<ExecuteCommandResult> ExecuteCommandAsync(string resource, string command) =>
        _app.Services.GetRequiredService<ResourceCommandService>().ExecuteCommandAsync(
            _app.Services.GetRequiredService<DistributedApplicationModel>().Resources.Single(r => r.Name == resource), command);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static int Pid(ResourceEvent e) =>
        e.Snapshot.Properties.FirstOrDefault(p => p.Name == "executable.pid")?.Value is { } value ? Convert.ToInt32(value, CultureInfo.InvariantCulture) : -1;
}
