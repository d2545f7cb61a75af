using System.Diagnostics;
using System.Text.Json;
using TestSupport.Processes;

namespace AppHost.Tests;

/// <summary>The committed <c>aspire-manifest.json</c> is Aspire's own publisher output for this AppHost.</summary>
public sealed class ManifestServerTests
{
    private static readonly TimeSpan s_publishTimeout = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task TheCommittedManifestIsExactlyWhatTheAppHostPublishes()
    {
        var committed = Path.Combine(RepositoryLayout.RepoRoot, "aspire-manifest.json");
        // Beside the committed file: project paths in a manifest are relative to its folder.
        var fresh = Path.Combine(RepositoryLayout.RepoRoot, $"aspire-manifest.{Guid.NewGuid():N}.tmp.json");
        try
        {
            var (exitCode, output) = await PublishAsync(fresh);

            Assert.True(exitCode == 0, output);
            Assert.Equal(await File.ReadAllTextAsync(committed), await File.ReadAllTextAsync(fresh));
        }
        finally
        {
            File.Delete(fresh);
        }
    }

    [Fact]
    public async Task TheDeploymentAsksForSecretsAndExposesOnlyTheInferenceApiWhichRequiresTheKey()
    {
        using var manifest = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(RepositoryLayout.RepoRoot, "aspire-manifest.json")));
        var resources = manifest.RootElement.GetProperty("resources");

        var cache = resources.GetProperty("cache");
        Assert.Equal("container.v0", cache.GetProperty("type").GetString());
        Assert.Contains("password={cache-password.value}", cache.GetProperty("connectionString").GetString(), StringComparison.Ordinal);
        Assert.True(Secret(resources, "cache-password"));
        Assert.True(Secret(resources, "inference-api-key"));
        Assert.False(resources.GetProperty("inference-api-key").GetProperty("inputs").GetProperty("value").TryGetProperty("default", out _),
            "the API key has no generated default: the deployer chooses it and gives it to the API's users");
        var inference = resources.GetProperty("inference");
        Assert.Equal("{inference-api-key.value}", inference.GetProperty("env").GetProperty("Auth__Keys__0__Key").GetString());
        Assert.Equal("{cache.connectionString}", inference.GetProperty("env").GetProperty("ConnectionStrings__cache").GetString());
        var external = resources.EnumerateObject()
            .Where(r => r.Value.TryGetProperty("bindings", out var bindings) && bindings.EnumerateObject().Any(b => b.Value.TryGetProperty("external", out var e) && e.GetBoolean()))
            .Select(r => r.Name);
        Assert.Equal(["inference"], external);
        Assert.True(File.Exists(Path.Combine(RepositoryLayout.RepoRoot, inference.GetProperty("path").GetString()!)));
    }

    private static bool Secret(JsonElement resources, string parameter)
    {
        var p = resources.GetProperty(parameter);
        return p.GetProperty("type").GetString() == "parameter.v0" && p.GetProperty("inputs").GetProperty("value").GetProperty("secret").GetBoolean();
    }

    private static async Task<(int ExitCode, string Output)> PublishAsync(string outputPath)
    {
        var info = new ProcessStartInfo(ExecutableLocator.Find("dotnet")!)
        {
            WorkingDirectory = RepositoryLayout.RepoRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in new[] { "run", "--project", "AppHost", "--no-build", "-c", RepositoryLayout.Configuration, "--", "--publisher", "manifest", "--output-path", outputPath })
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(s_publishTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await stdout + await stderr);
    }
}
