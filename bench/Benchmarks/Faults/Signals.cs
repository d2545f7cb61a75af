using System.Diagnostics;
using System.Globalization;

namespace Benchmarks.Faults;

/// <summary>POSIX signals by name through <c>kill(1)</c>: SIGKILL, SIGSTOP and SIGCONT for the scenarios.</summary>
internal static class Signals
{
    public static void Send(int pid, string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-" + signal, pid.ToString(CultureInfo.InvariantCulture)]) { UseShellExecute = false })!;
        kill.WaitForExit();
    }
}
