namespace AppHost.Dashboard;

/// <summary>One row of <c>/api/resources</c>.</summary>
/// <param name="Name">Resource name.</param>
/// <param name="Type">cache, project or executable.</param>
/// <param name="Instance">Instance name (e.g. <c>inference-0</c>), used in the other routes.</param>
/// <param name="State">starting, running, restarting, stopped or failed.</param>
/// <param name="Health">healthy, unhealthy or unknown.</param>
/// <param name="Restarts">Restarts so far.</param>
/// <param name="StartedAt">When the current process started, UTC.</param>
/// <param name="Pid">The current process id, when running as a child.</param>
/// <param name="Endpoints">Where it listens.</param>
internal sealed record ResourceSnapshot(
    string Name,
    string Type,
    string Instance,
    string State,
    string Health,
    int Restarts,
    DateTime? StartedAt,
    int? Pid,
    IReadOnlyList<string> Endpoints);
