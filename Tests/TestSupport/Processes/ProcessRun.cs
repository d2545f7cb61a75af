using System.Diagnostics;

namespace TestSupport.Processes;

/// <summary>A short-lived command run to completion with its output captured (npm, node, promtool and the like).</summary>
internal static class ProcessRun
{
    /// <summary>Runs <paramref name="file"/> (found on PATH) with <paramref name="args"/>; bounded by <paramref name="timeout"/> (5 minutes by default).</summary>
    public static async Task<(int Exit, string Stdout, string Stderr)> RunAsync(
        string file, string workingDirectory, IReadOnlyDictionary<string, string>? environment, IEnumerable<string> args, TimeSpan? timeout = null)
    {
        var info = new ProcessStartInfo(ExecutableLocator.Find(file) ?? file)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {file}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(5));
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', info.ArgumentList)} did not finish within {(timeout ?? TimeSpan.FromMinutes(5)).TotalSeconds:0} s.");
        }

        return (process.ExitCode, await stdout, await stderr);
    }
}
