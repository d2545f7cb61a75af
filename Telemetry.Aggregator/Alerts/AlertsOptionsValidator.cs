using Microsoft.Extensions.Options;
using Telemetry.Aggregator.Stats;
using Telemetry.Aggregator.Windows;

namespace Telemetry.Aggregator.Alerts;

/// <summary>Checks every rule on start; each failure names the rule and the field.</summary>
internal sealed class AlertsOptionsValidator : IValidateOptions<AlertsOptions>
{
    public ValidateOptionsResult Validate(string? name, AlertsOptions options)
    {
        var failures = new List<string>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < options.Rules.Count; i++)
        {
            var rule = options.Rules[i];
            var at = $"Alerts:Rules:{i} ({(string.IsNullOrWhiteSpace(rule.Name) ? "unnamed" : rule.Name)})";
            if (string.IsNullOrWhiteSpace(rule.Name))
            {
                failures.Add($"{at}: Name is required.");
            }
            else if (!names.Add(rule.Name))
            {
                failures.Add($"{at}: Name is used by another rule.");
            }

            if (rule.Severity is not ("warning" or "critical"))
            {
                failures.Add($"{at}: Severity '{rule.Severity}' must be warning or critical.");
            }

            if (rule.For < TimeSpan.Zero)
            {
                failures.Add($"{at}: For must not be negative.");
            }

            if (rule.Tenant is not null && (rule.Model is not null || rule.Route is not null))
            {
                failures.Add($"{at}: Tenant cannot be combined with Model or Route.");
            }

            switch (rule.Kind)
            {
                case "threshold":
                    if (rule.Metric is null || !StatsMetric.Known.ContainsKey(rule.Metric))
                    {
                        failures.Add($"{at}: Metric '{rule.Metric}' is not one of {StatsMetric.KnownNames}.");
                    }

                    if (StatsWindow.Find(rule.Window) is null)
                    {
                        failures.Add($"{at}: Window '{rule.Window}' is not one of {StatsWindow.KnownNames}.");
                    }

                    if (rule.Operator is not (">" or "<"))
                    {
                        failures.Add($"{at}: Operator '{rule.Operator}' must be > or <.");
                    }

                    break;
                case "slo_burn":
                    if (rule.Objective is <= 0 or >= 1)
                    {
                        failures.Add($"{at}: Objective {rule.Objective} must be between 0 and 1 (e.g. 0.99).");
                    }

                    break;
                case "budget":
                    if (rule.Amount <= 0)
                    {
                        failures.Add($"{at}: Amount must be a positive number of US dollars.");
                    }

                    if (rule.Period is not ("day" or "month"))
                    {
                        failures.Add($"{at}: Period '{rule.Period}' must be day or month.");
                    }

                    break;
                default:
                    failures.Add($"{at}: Kind '{rule.Kind}' must be threshold, slo_burn or budget.");
                    break;
            }
        }

        foreach (var hook in options.Webhooks)
        {
            if (!Uri.TryCreate(hook, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            {
                failures.Add($"Alerts:Webhooks: '{hook}' is not an absolute http(s) URL.");
            }
        }

        if (options.EvaluationInterval < TimeSpan.FromMilliseconds(10))
        {
            failures.Add("Alerts:EvaluationInterval must be at least 10 ms.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
