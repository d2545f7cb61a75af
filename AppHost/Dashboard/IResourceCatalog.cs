using AppHost.Dashboard.Otlp;
using AppHost.Orchestration;

namespace AppHost.Dashboard;

/// <summary>What the dashboard needs from run mode: the resources, their consoles and controls, and the aggregator.</summary>
internal interface IResourceCatalog
{
    /// <summary>The aggregator's base URL once it runs.</summary>
    Uri? AggregatorUrl { get; }

    /// <summary>Every resource instance started so far, in start order.</summary>
    IReadOnlyList<ResourceSnapshot> Snapshot();

    /// <summary>The console of an instance, or null when unknown (or it has none).</summary>
    ConsoleLog? Console(string instance);

    /// <summary>Queues a command; false when no controllable instance has that name.</summary>
    bool TrySend(string instance, ResourceCommand command);

    /// <summary>The instance name telemetry from <paramref name="resource"/> is filed under.</summary>
    string ResourceName(OtlpResource resource);
}
