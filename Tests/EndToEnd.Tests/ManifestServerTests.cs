using System.Diagnostics;
using System.Text.Json;
using TestSupport.Processes;

namespace EndToEnd.Tests;

public sealed class ManifestServerTests
{
    [Fact]
    public async Task TheCommittedManifestIsExactlyWhatTheAppHostPublishes()
    {
        var committed = Path.Combine(RepositoryLayout.RepoRoot, "aspire-manifest.json");
        // Written beside the committed file so that project paths are relative to the same folder.
        var fresh = Path.Combine(RepositoryLayout.RepoRoot, $"aspire-manifest.{Guid.NewGuid():N}.tmp.json");
        try
        {
            var (exitCode, output) = await RunAppHostAsync("--publisher", "manifest", "--output-path", fresh);

            Assert.True(exitCode == 0, output);
            Assert.Equal(await File.ReadAllTextAsync(committed), await File.ReadAllTextAsync(fresh));
        }
        finally
        {
            File.Delete(fresh);
        }
    }

    [Fact]
    public async Task TheManifestDescribesTheCacheAsAContainerWithASecretPasswordAndTheApiAsExternal()
    {
        using var manifest = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(RepositoryLayout.RepoRoot, "aspire-manifest.json")));
        var resources = manifest.RootElement.GetProperty("resources");

        Assert.Equal("container.v0", resources.GetProperty("cache").GetProperty("type").GetString());
        Assert.Contains("{cache-password.value}", resources.GetProperty("cache").GetProperty("connectionString").GetString(), StringComparison.Ordinal);
        Assert.True(resources.GetProperty("cache-password").GetProperty("inputs").GetProperty("value").GetProperty("secret").GetBoolean());
        var inference = resources.GetProperty("inference");
        Assert.Equal("project.v0", inference.GetProperty("type").GetString());
        Assert.Equal("{cache.connectionString}", inference.GetProperty("env").GetProperty("ConnectionStrings__cache").GetString());
        Assert.Equal("{aggregator.bindings.http.url}", inference.GetProperty("env").GetProperty("services__aggregator__http__0").GetString());
        Assert.True(inference.GetProperty("bindings").GetProperty("http").GetProperty("external").GetBoolean());
        Assert.True(File.Exists(Path.Combine(RepositoryLayout.RepoRoot, inference.GetProperty("path").GetString()!)));
    }

    [Fact]
    public async Task ReplicasOnTheCommandLineAppearInThePublishedManifest()
    {
        var path = Path.Combine(Path.GetTempPath(), $"manifest-{Guid.NewGuid():N}.json");
        try
        {
            var (exitCode, output) = await RunAppHostAsync("--publisher", "manifest", "--output-path", path, "--replicas", "inference=3");

            Assert.True(exitCode == 0, output);
            using var manifest = JsonDocument.Parse(await File.ReadAllTextAsync(path));
            Assert.Equal(3, manifest.RootElement.GetProperty("resources").GetProperty("inference").GetProperty("replicas").GetInt32());
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static async Task<(int ExitCode, string Output)> RunAppHostAsync(params string[] args)
    {
        var info = new ProcessStartInfo(ExecutableLocator.Find("dotnet")!) { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add("exec");
        info.ArgumentList.Add(AppHostProcess.AssemblyPath);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
