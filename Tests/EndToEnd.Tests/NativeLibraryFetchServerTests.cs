using System.Diagnostics;
using TestSupport.Processes;

namespace EndToEnd.Tests;

/// <summary>The shared MSBuild target that fetches libonnxruntime.so.1 from onnxruntime-node (Directory.Build.targets).</summary>
public sealed class NativeLibraryFetchServerTests : IDisposable
{
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("ort-fetch-test-");

    public void Dispose() => _work.Delete(recursive: true);

    [Fact]
    public async Task WithoutNpmTheBuildFailsWithOneLineSayingWhatToInstall()
    {
        var (exitCode, output) = await RunFetchAsync(cacheDir: Path.Combine(_work.FullName, "empty-cache"), pathWithoutNpm: true);

        Assert.NotEqual(0, exitCode);
        Assert.Contains("npm not found on PATH: install Node.js and npm (apt-get install -y npm)", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ATarballWithAnotherChecksumIsRefusedAndNothingIsCached()
    {
        var cacheDir = Path.Combine(_work.FullName, "cache");

        var (exitCode, output) = await RunFetchAsync(cacheDir, pathWithoutNpm: false, "-p:OrtNodePackageSha256=" + new string('0', 64));

        Assert.NotEqual(0, exitCode);
        Assert.Contains("SHA-256 mismatch for onnxruntime-node-1.30.0.tgz", output, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(cacheDir, "libonnxruntime.so.1")));
    }

    [Fact]
    public async Task ACachedLibraryMakesTheBuildOfflineNpmIsNotNeeded()
    {
        var cacheDir = Directory.CreateDirectory(Path.Combine(_work.FullName, "warm-cache")).FullName;
        await File.WriteAllTextAsync(Path.Combine(cacheDir, "libonnxruntime.so.1"), "cached");

        var (exitCode, output) = await RunFetchAsync(cacheDir, pathWithoutNpm: true);

        Assert.True(exitCode == 0, output);
        Assert.DoesNotContain("npm pack", output, StringComparison.Ordinal);
    }

    private async Task<(int ExitCode, string Output)> RunFetchAsync(string cacheDir, bool pathWithoutNpm, params string[] extra)
    {
        var project = Path.Combine(_work.FullName, "fetch.proj");
        var targets = Path.Combine(RepositoryLayout.RepoRoot, "Directory.Build.targets");
        await File.WriteAllTextAsync(project, $"""
            <Project>
              <PropertyGroup><UseOnnxRuntimeNative>true</UseOnnxRuntimeNative></PropertyGroup>
              <Import Project="{targets}" />
              <Target Name="BeforeBuild" />
            </Project>
            """);
        var dotnet = ExecutableLocator.Find("dotnet")!;
        var info = new ProcessStartInfo(dotnet) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "msbuild", project, "-t:FetchOnnxRuntimeNative", "-nologo", "-v:m", "-nodeReuse:false", "-p:OrtNativeCacheDir=" + cacheDir }.Concat(extra))
        {
            info.ArgumentList.Add(arg);
        }

        if (pathWithoutNpm)
        {
            // A PATH with a shell and dotnet but no npm, as on a machine where Node.js was never installed.
            var bin = Directory.CreateDirectory(Path.Combine(_work.FullName, "bin-" + Guid.NewGuid().ToString("N"))).FullName;
            File.CreateSymbolicLink(Path.Combine(bin, "sh"), ExecutableLocator.Find("sh")!);
            File.CreateSymbolicLink(Path.Combine(bin, "dotnet"), dotnet);
            info.Environment["PATH"] = bin;
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
