using System.Diagnostics;
using System.Text;
using System.Text.Json;
using TestSupport.Processes;

namespace EndToEnd.Tests;

/// <summary>deploy/grafana/dashboard.json imports cleanly: Grafana's import shape, and every query is valid PromQL (checked by promtool).</summary>
public sealed class GrafanaDashboardServerTests
{
    [Fact]
    public void TheDashboardHasTheShapeGrafanaImports()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(GrafanaDashboard.Path));
        var root = doc.RootElement;

        Assert.True(root.GetProperty("schemaVersion").GetInt32() >= 36);
        Assert.Equal("DS_PROMETHEUS", root.GetProperty("__inputs")[0].GetProperty("name").GetString());
        var panels = root.GetProperty("panels").EnumerateArray().ToArray();
        Assert.Equal(panels.Length, panels.Select(p => p.GetProperty("id").GetInt32()).Distinct().Count());
        Assert.All(panels, p =>
        {
            Assert.Equal("${DS_PROMETHEUS}", p.GetProperty("datasource").GetProperty("uid").GetString());
            Assert.True(p.GetProperty("gridPos").GetProperty("w").GetInt32() is > 0 and <= 24);
            Assert.NotEmpty(p.GetProperty("targets").EnumerateArray());
        });
    }

    [Fact]
    public async Task EveryQueryIsValidPromQl()
    {
        // promtool has no "check expression"; a rule file whose recording rules are the queries gets them parsed.
        var rules = new StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
        var index = 0;
        foreach (var expr in GrafanaDashboard.Expressions())
        {
            var concrete = expr.Replace("$__rate_interval", "5m", StringComparison.Ordinal).Replace("$model", ".*", StringComparison.Ordinal);
            rules.Append("      - record: dashboard:query_").Append(index++).Append("\n        expr: '").Append(concrete.Replace("'", "''", StringComparison.Ordinal)).Append("'\n");
        }

        var file = Path.Combine(Path.GetTempPath(), $"dashboard-rules-{Guid.NewGuid():N}.yml");
        await File.WriteAllTextAsync(file, rules.ToString());
        try
        {
            var promtool = ExecutableLocator.Find("promtool");
            Assert.True(promtool is not null, "promtool is needed (apt-get install -y prometheus); .ci/run installs it");
            var info = new ProcessStartInfo(promtool, ["check", "rules", file]) { RedirectStandardOutput = true, RedirectStandardError = true };
            using var process = Process.Start(info)!;
            var output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();

            Assert.True(process.ExitCode == 0, output);
            Assert.Contains($"{index} rules found", output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
