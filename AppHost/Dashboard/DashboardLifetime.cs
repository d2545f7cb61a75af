using Microsoft.Extensions.Hosting;

namespace AppHost.Dashboard;

/// <summary>
/// Replaces the console lifetime, which would stop the dashboard on its own at Ctrl+C or SIGTERM: the AppHost's
/// <c>ShutdownSignal</c> owns those signals and stops the resources first, then the dashboard.
/// </summary>
internal sealed class DashboardLifetime : IHostLifetime
{
    /// <inheritdoc />
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
