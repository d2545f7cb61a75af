using AppHost.Dashboard.Otlp;
using AppHost.Orchestration;

namespace AppHost.Dashboard;

/// <summary>The dashboard's view of a running <see cref="Orchestrator"/>.</summary>
internal sealed class OrchestratorCatalog(Orchestrator orchestrator) : IResourceCatalog
{
    /// <inheritdoc />
    public Uri? AggregatorUrl => orchestrator.AggregatorUrl;

    /// <inheritdoc />
    public IReadOnlyList<ResourceSnapshot> Snapshot()
    {
        var running = orchestrator.Running();
        var result = new ResourceSnapshot[running.Length];
        for (var i = 0; i < running.Length; i++)
        {
            var r = running[i];
            result[i] = r.Process is { } process
                ? new ResourceSnapshot(r.Resource, r.Type, r.Instance, process.State, process.Health, process.Restarts,
                    process.Current is null ? null : process.StartedAt.UtcDateTime, process.Current?.Id, r.Endpoints)
                : new ResourceSnapshot(r.Resource, r.Type, r.Instance,
                    r.Cache?.Process is { HasExited: true } ? ResourceStates.Failed : ResourceStates.Running,
                    r.Cache?.Process is { HasExited: true } ? ResourceStates.Unhealthy : ResourceStates.Healthy,
                    0, r.StartedAt.UtcDateTime, r.Cache?.Process?.Id, r.Endpoints);
        }

        return result;
    }

    /// <inheritdoc />
    public ConsoleLog? Console(string instance) =>
        Array.Find(orchestrator.Running(), r => r.Instance == instance) is { } found ? found.Process?.Console ?? found.CacheConsole : null;

    /// <inheritdoc />
    public bool TrySend(string instance, ResourceCommand command)
    {
        if (Find(instance) is not { } process)
        {
            return false;
        }

        process.Send(command);
        return true;
    }

    /// <inheritdoc />
    public string ResourceName(OtlpResource resource) =>
        resource.InstanceId is { } id && orchestrator.InstanceOf(id) is { } name ? name : resource.ServiceName;

    private SupervisedProcess? Find(string instance) =>
        Array.Find(orchestrator.Running(), r => r.Instance == instance)?.Process;
}
