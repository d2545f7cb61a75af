using System.Diagnostics;

namespace TestSupport.Processes;

/// <summary>Runs <c>dotnet tool restore</c> so a pinned local tool is there before it is used.</summary>
internal static class DotnetTool
{
    /// <summary>Restores the tools of the manifest under <paramref name="root"/>; throws with the tool's output on failure.</summary>
    public static async Task RestoreAsync(string root, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(ExecutableLocator.Find("dotnet") ?? "dotnet", "tool restore")
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start 'dotnet tool restore'.");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"'dotnet tool restore' in {root} failed ({process.ExitCode}): {(await stderr).Trim()} {(await stdout).Trim()}");
        }
    }
}
