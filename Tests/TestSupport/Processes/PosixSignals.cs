using System.Runtime.InteropServices;

namespace TestSupport.Processes;

/// <summary>
/// SIGTERM for a graceful stop: <see cref="System.Diagnostics.Process.Kill()"/> only sends SIGKILL, which would
/// lose a server's append-only file tail and skip the services' graceful shutdown.
/// </summary>
internal static partial class PosixSignals
{
    private const int SigTerm = 15;
    private const int SigKill = 9;

    /// <summary>Sends SIGTERM to the process group led by <paramref name="processId"/> (or the process alone).</summary>
    public static bool TerminateGroup(int processId) => Kill(-processId, SigTerm) == 0 || Kill(processId, SigTerm) == 0;

    /// <summary>Sends SIGKILL to the process group led by <paramref name="processId"/>.</summary>
    public static bool KillGroup(int processId) => Kill(-processId, SigKill) == 0;

    // C: int kill(pid_t pid, int sig); libc, no ownership concerns.
    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int sig);
}
