using System.Runtime.InteropServices;

namespace AppHost.Processes;

/// <summary>
/// SIGTERM for a graceful stop: <see cref="System.Diagnostics.Process.Kill()"/> only sends SIGKILL, which would
/// lose a server's append-only file tail and skip the services' graceful shutdown.
/// </summary>
internal static partial class PosixSignals
{
    private const int SigTerm = 15;

    /// <summary>Sends SIGTERM; returns false when the process is already gone.</summary>
    public static bool Terminate(int processId) => Kill(processId, SigTerm) == 0;

    // C: int kill(pid_t pid, int sig); libc, no ownership concerns.
    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int sig);
}
