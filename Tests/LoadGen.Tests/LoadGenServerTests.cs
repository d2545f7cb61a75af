using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using TestSupport.Processes;

namespace LoadGen.Tests;

public sealed partial class LoadGenServerTests(Services services) : IClassFixture<Services>
{
    [Fact]
    public async Task OpenLoopStreamedRunReportsEveryRequestAndAgreesWithTheAggregator()
    {
        var json = Path.GetTempFileName();
        var markdown = Path.GetTempFileName();
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await LoadGenApp.RunAsync(
            ["--url", services.Inference.ToString(), "--route", "chat", "--stream", "--max-tokens", "8", "--rate", "10", "--requests", "100", "--duration", "30s", "--warmup", "20",
             "--out", json, "--markdown", markdown, "--max-error-rate", "0", "--check-stats", services.Aggregator.ToString(), "--window", "5m", "--check-timeout", "60s"],
            output, error, CancellationToken.None);
        var text = output.ToString();
        using var report = JsonDocument.Parse(await File.ReadAllTextAsync(json));
        var summary = await File.ReadAllTextAsync(markdown);
        File.Delete(json);
        File.Delete(markdown);

        // The exit code also judges the upper latency bound (client overhead allowance), which depends on how busy
        // the machine is; what cannot depend on load is checked below: the counts agree and the client never
        // measures less than the server (its time contains the server's).
        var latencyLines = LatencyLine().Matches(text);
        var tooSlowOnly = latencyLines.Where(m => m.Groups["verdict"].Value == "disagree")
            .All(m => Value(m, "client") > Value(m, "high"));
        Assert.True(exit == 0 || tooSlowOnly, $"exit {exit}\n{text}\n{error}\n{services.Output}");
        Assert.Equal(3, latencyLines.Count);
        Assert.All(latencyLines, m => Assert.True(Value(m, "client") >= Value(m, "low"), m.Value));
        var root = report.RootElement;
        Assert.Equal("open", root.GetProperty("mode").GetString());
        Assert.Equal(100, root.GetProperty("succeeded").GetInt64());
        Assert.Equal(0, root.GetProperty("error_rate").GetDouble());
        Assert.InRange(root.GetProperty("output_tokens").GetInt64(), 100, 800);
        var latency = root.GetProperty("latency_from_send_ms");
        var ttft = root.GetProperty("ttft_ms");
        Assert.InRange(ttft.GetProperty("p50").GetDouble(), 0.01, latency.GetProperty("p50").GetDouble());
        Assert.True(root.GetProperty("tpot_ms").GetProperty("count").GetInt32() > 0);
        Assert.Contains("| TTFT | 100 |", summary, StringComparison.Ordinal);
        Assert.Contains("check-stats: requests server 120 vs client ok 120 .. with status 120: agree", text, StringComparison.Ordinal);
    }

    private static double Value(Match m, string group) => double.Parse(m.Groups[group].Value, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"check-stats: latency \w+ server (?<server>[\d.]+) ms vs client (?<client>[\d.]+) ms, allowed (?<low>-?[\d.]+) \.\. (?<high>[\d.]+) ms.*?: (?<verdict>agree|disagree)")]
    private static partial Regex LatencyLine();
}
