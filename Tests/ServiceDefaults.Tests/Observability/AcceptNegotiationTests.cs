using ServiceDefaults.Prometheus;

namespace ServiceDefaults.Tests.Observability;

public sealed class AcceptNegotiationTests
{
    [Theory]
    // What Prometheus 2.x sends.
    [InlineData("application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1", true)]
    [InlineData("application/openmetrics-text", true)]
    [InlineData("text/plain;q=0.9, application/openmetrics-text; version=1.0.0", true)]
    [InlineData("application/openmetrics-text;version=1.0.0;q=0.3,text/plain;version=0.0.4;q=0.8", false)]
    [InlineData("application/openmetrics-text;version=1.0.0;q=0.3,*/*;q=0.5", false)]
    [InlineData("application/openmetrics-text;version=0.0.1", false)]
    [InlineData("application/openmetrics-text;q=0", false)]
    [InlineData("text/plain", false)]
    [InlineData("*/*", false)]
    [InlineData("", false)]
    [InlineData("this is ;;; not a media type ===", false)]
    public void TheAcceptHeaderPicksOpenMetricsOnlyWhenItIsPreferredOrEqual(string accept, bool openMetrics)
    {
        Assert.Equal(openMetrics ? ExpositionFormat.OpenMetrics : ExpositionFormat.Text004, AcceptNegotiation.Choose(accept));
    }
}
