using System.Diagnostics;

namespace AppHost.Cache;

/// <summary>What the machine offers for running the cache: a container runtime that answers, a redis-server binary.</summary>
internal static class HostProbes
{
    /// <summary>A client without a daemon answers within a second; a hung daemon must not hold the AppHost for long.</summary>
    private static readonly TimeSpan s_runtimeProbeTimeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The runtime Aspire would use (<c>ASPIRE_CONTAINER_RUNTIME</c>, default docker) when its daemon answers
    /// <c>info</c>; null otherwise. A docker client with no engine behind it fails here, which is the case the
    /// executable fallback exists for.
    /// </summary>
    public static string? HealthyContainerRuntime(string? configuredRuntime)
    {
        var runtime = string.IsNullOrWhiteSpace(configuredRuntime) ? "docker" : configuredRuntime;
        if (FindOnPath(runtime) is not { } path)
        {
            return null;
        }

        var info = new ProcessStartInfo(path, ["info", "--format", "{{.ServerVersion}}"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        try
        {
            using var process = Process.Start(info);
            if (process is null)
            {
                return null;
            }

            if (!process.WaitForExit(s_runtimeProbeTimeout))
            {
                process.Kill(entireProcessTree: true);
                return null;
            }

            return process.ExitCode == 0 ? runtime : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }

    /// <summary>The full path of an executable on PATH, or null.</summary>
    public static string? FindOnPath(string name)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        foreach (var directory in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, name);
            if (File.Exists(candidate) && (File.GetUnixFileMode(candidate) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0)
            {
                return candidate;
            }
        }

        return null;
    }
}
