namespace Telemetry.Aggregator.Alerts;

/// <summary>The state of one alert condition, kept in Redis so a restart neither re-fires nor forgets it.</summary>
internal sealed record AlertState(
    string Key,
    string Rule,
    string Severity,
    string State,
    DateTimeOffset Since,
    DateTimeOffset? FiredAt,
    DateTimeOffset? ResolvedAt,
    double Value,
    double Threshold,
    string Window,
    IReadOnlyList<string>? ExampleRequestIds = null);

/// <summary>One notification as sent (and kept in the recent history), with whether a webhook accepted it.</summary>
internal sealed record AlertNotification(AlertState Alert, string Text, bool Delivered, DateTimeOffset At);

/// <summary><c>GET /alerts</c>.</summary>
internal sealed record AlertsResponse(IReadOnlyList<AlertState> Active, IReadOnlyList<AlertNotification> Recent);

/// <summary><c>GET /rules</c>.</summary>
internal sealed record RulesResponse(IReadOnlyList<AlertRule> Rules, TimeSpan EvaluationInterval);
