using TestSupport.Processes;
using Microsoft.Extensions.Configuration;
using Telemetry.Aggregator.Alerts;

namespace Telemetry.Aggregator.Tests.Alerts;

public sealed class AlertsOptionsValidatorTests
{
    [Fact]
    public void EveryBadRuleIsReportedWithItsNameAndField()
    {
        var options = new AlertsOptions
        {
            Rules =
            [
                new AlertRule { Name = "p95", Metric = "latency_p96", Window = "7m", Operator = ">=" },
                new AlertRule { Name = "p95", Kind = "slo_burn", Objective = 99 },
                new AlertRule { Name = "spend", Kind = "budget" },
                new AlertRule { Name = "mixed", Metric = "requests", Tenant = "acme", Model = "m" },
                new AlertRule { Name = "odd", Kind = "vibes", Severity = "page-everyone" },
            ],
            Webhooks = ["not a url"],
        };

        var result = new AlertsOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        var failures = result.Failures!.ToArray();
        Assert.Contains(failures, f => f.StartsWith("Alerts:Rules:0 (p95): Metric 'latency_p96' is not one of", StringComparison.Ordinal));
        Assert.Contains("Alerts:Rules:0 (p95): Window '7m' is not one of 1m, 5m, 15m, 30m, 1h, 6h, 24h.", failures);
        Assert.Contains("Alerts:Rules:0 (p95): Operator '>=' must be > or <.", failures);
        Assert.Contains("Alerts:Rules:1 (p95): Name is used by another rule.", failures);
        Assert.Contains("Alerts:Rules:1 (p95): Objective 99 must be between 0 and 1 (e.g. 0.99).", failures);
        Assert.Contains("Alerts:Rules:2 (spend): Amount must be a positive number of US dollars.", failures);
        Assert.Contains("Alerts:Rules:3 (mixed): Tenant cannot be combined with Model or Route.", failures);
        Assert.Contains("Alerts:Rules:4 (odd): Kind 'vibes' must be threshold, slo_burn or budget.", failures);
        Assert.Contains("Alerts:Rules:4 (odd): Severity 'page-everyone' must be warning or critical.", failures);
        Assert.Contains("Alerts:Webhooks: 'not a url' is not an absolute http(s) URL.", failures);
    }

    [Fact]
    public void TheShippedRulesAreValid()
    {
        var config = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(RepositoryLayout.RepoRoot, "Telemetry.Aggregator", "appsettings.json"), optional: false).Build();
        var options = new AlertsOptions();
        config.GetSection(AlertsOptions.Section).Bind(options);

        Assert.NotEmpty(options.Rules);
        Assert.True(new AlertsOptionsValidator().Validate(null, options).Succeeded);
    }
}
