namespace AppHost.Orchestration;

/// <summary>The state and health names the dashboard shows (the contract's spelling).</summary>
internal static class ResourceStates
{
    /// <summary>Launched, not yet healthy.</summary>
    public const string Starting = "starting";

    /// <summary>Up (and healthy when it has a health endpoint).</summary>
    public const string Running = "running";

    /// <summary>Exited or asked to restart; a new process comes.</summary>
    public const string Restarting = "restarting";

    /// <summary>Stopped from the dashboard, or the AppHost is shutting down.</summary>
    public const string Stopped = "stopped";

    /// <summary>Could not be launched.</summary>
    public const string Failed = "failed";

    /// <summary>The last health check answered 200.</summary>
    public const string Healthy = "healthy";

    /// <summary>The last health check failed or timed out.</summary>
    public const string Unhealthy = "unhealthy";

    /// <summary>Not checked (no health endpoint, or not running).</summary>
    public const string Unknown = "unknown";
}
