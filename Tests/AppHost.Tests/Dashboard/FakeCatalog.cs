using System.Collections.Concurrent;
using AppHost.Dashboard;
using AppHost.Dashboard.Otlp;
using AppHost.Orchestration;

namespace AppHost.Tests.Dashboard;

/// <summary>A resource catalog with fixed rows, consoles the test writes to, and a record of the commands received.</summary>
internal sealed class FakeCatalog : IResourceCatalog
{
    public List<ResourceSnapshot> Resources { get; } =
    [
        new("cache", "cache", "cache", "running", "healthy", 0, DateTime.UtcNow, 100, ["redis://127.0.0.1:6380"]),
        new("inference", "project", "inference-0", "running", "healthy", 2, DateTime.UtcNow, 101, ["http://127.0.0.1:5001"]),
    ];

    public ConcurrentDictionary<string, ConsoleLog> Consoles { get; } = new() { ["inference-0"] = new ConsoleLog(capacity: 3) };

    public ConcurrentQueue<(string Instance, ResourceCommand Command)> Commands { get; } = new();

    /// <summary>service.instance.id → instance name, as the orchestrator records it.</summary>
    public ConcurrentDictionary<string, string> InstanceIds { get; } = new();

    public Uri? AggregatorUrl { get; set; }

    public IReadOnlyList<ResourceSnapshot> Snapshot() => [.. Resources];

    public ConsoleLog? Console(string instance) => Consoles.GetValueOrDefault(instance);

    public bool TrySend(string instance, ResourceCommand command)
    {
        if (!Consoles.ContainsKey(instance))
        {
            return false;
        }

        Commands.Enqueue((instance, command));
        return true;
    }

    public string ResourceName(OtlpResource resource) =>
        resource.InstanceId is { } id && InstanceIds.TryGetValue(id, out var name) ? name : resource.ServiceName;
}
