namespace ServiceDefaults.Tests.Observability;

/// <summary>The checker the OpenMetrics tests rely on must reject what the spec forbids.</summary>
public sealed class OpenMetricsCheckerTests
{
    private const string Valid =
        "# HELP x_seconds Latency \\\"p\\\"\n# TYPE x_seconds histogram\n# UNIT x_seconds seconds\n" +
        "x_seconds_bucket{a=\"1\",le=\"0.1\"} 1 # {trace_id=\"0af7651916cd43dd8448eb211c80319c\",span_id=\"b7ad6b7169203331\"} 0.05 1700000000.123\n" +
        "x_seconds_bucket{a=\"1\",le=\"+Inf\"} 2\nx_seconds_sum{a=\"1\"} 5.05\nx_seconds_count{a=\"1\"} 2\n" +
        "# TYPE c counter\nc_total 3\n# EOF\n";

    [Fact]
    public void AValidExpositionHasNoProblems() => Assert.Empty(OpenMetricsChecker.Problems(Valid));

    [Theory]
    [InlineData("# EOF\n", "")]
    [InlineData("c_total 3\n", "c_total 3\n\n")]
    [InlineData("c_total 3\n", "c 3\n")]
    [InlineData("} 0.05 ", "} 0.5 ")]
    [InlineData("# UNIT x_seconds seconds", "# UNIT x_seconds bytes")]
    [InlineData("a=\"1\",le=\"+Inf\"} 2", "a=\"1\",le=\"+Inf\"} 3")]
    [InlineData("Latency \\\"p\\\"", "Latency \"p\"")]
    [InlineData("x_seconds_count{a=\"1\"} 2\n", "x_seconds_count{a=\"1\"} 2\nx_seconds_count{a=\"2\"} 2\n")]
    [InlineData("span_id=\"b7ad6b7169203331\"", "span_id=\"b7ad6b7169203331\",long=\"" + "0123456789012345678901234567890123456789012345678901234567890123456789\"")]
    [InlineData("# TYPE c counter\nc_total 3\n", "# TYPE c counter\nc_total 3\nx_seconds_sum{a=\"1\"} 5.05\n")]
    public void ABrokenRuleIsReported(string valid, string broken)
    {
        Assert.NotEmpty(OpenMetricsChecker.Problems(Valid.Replace(valid, broken, StringComparison.Ordinal)));
    }
}
