using System.Diagnostics;
using TestSupport.Processes;

namespace EndToEnd.Tests;

/// <summary>deploy/prometheus: the alert rules, their unit tests and the scrape config, checked by Prometheus's own promtool.</summary>
public sealed class PrometheusRulesServerTests
{
    private static readonly string s_folder = Path.Combine(RepositoryLayout.RepoRoot, "deploy", "prometheus");

    [Fact]
    public async Task AlertRulesPassTheirPromtoolUnitTests()
    {
        var (exitCode, output) = await PromtoolAsync("test", "rules", "alerts.test.yml");

        Assert.True(exitCode == 0, output);
        Assert.Contains("SUCCESS", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheScrapeConfigAndItsRuleFilesAreValid()
    {
        var (exitCode, output) = await PromtoolAsync("check", "config", "prometheus.yml");

        Assert.True(exitCode == 0, output);
        Assert.Contains("rules found", output, StringComparison.Ordinal);
    }

    private static async Task<(int ExitCode, string Output)> PromtoolAsync(params string[] args)
    {
        var promtool = ExecutableLocator.Find("promtool");
        Assert.True(promtool is not null, "promtool is needed (apt-get install -y prometheus); .ci/run installs it");
        var info = new ProcessStartInfo(promtool) { WorkingDirectory = s_folder, RedirectStandardOutput = true, RedirectStandardError = true };
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
