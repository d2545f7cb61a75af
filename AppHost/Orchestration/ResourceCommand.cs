namespace AppHost.Orchestration;

/// <summary>What the dashboard can ask of a running resource instance.</summary>
internal enum ResourceCommand
{
    /// <summary>Start it again after a stop (nothing when it runs).</summary>
    Start,

    /// <summary>Stop it and keep it stopped (no automatic restart).</summary>
    Stop,

    /// <summary>Stop it and start it again at once (counted as a restart).</summary>
    Restart,
}
