using System.Globalization;
using Microsoft.Extensions.Options;

namespace Telemetry.Aggregator.Alerts;

/// <summary>
/// Sends fire and resolve notifications to every configured webhook: retried with back-off (3 attempts), rate-limited
/// across rules (<see cref="AlertsOptions.MaxNotificationsPerMinute"/>), and carrying a de-duplication key so a
/// receiver can drop a repeat.
/// </summary>
internal sealed class WebhookNotifier(HttpClient http, IOptions<AlertsOptions> options, TimeProvider time, ILogger<WebhookNotifier> logger)
{
    private static readonly TimeSpan[] s_backoff = [TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(800)];

    private readonly Queue<DateTimeOffset> _sent = new();

    /// <summary>Sends one notification; true when at least one webhook accepted it (or none is configured).</summary>
    public async Task<(bool Delivered, string Text)> NotifyAsync(AlertState alert, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var text = Text(alert);
        if (settings.Webhooks.Count == 0)
        {
            return (true, text);
        }

        if (!TryTakeSlot(settings.MaxNotificationsPerMinute))
        {
            AlertLog.RateLimited(logger, alert.Key, alert.State);
            return (false, text);
        }

        var firing = alert.State == "firing";
        var payload = new WebhookPayload(
            text,
            [new WebhookAttachment(
                firing ? (alert.Severity == "critical" ? "#d00000" : "#e8a000") : "#2eb886",
                $"{alert.Rule} is {alert.State}",
                settings.DashboardUrl,
                [
                    new("severity", alert.Severity, true),
                    new("value", alert.Value.ToString("G6", CultureInfo.InvariantCulture), true),
                    new("threshold", alert.Threshold.ToString("G6", CultureInfo.InvariantCulture), true),
                    new("window", alert.Window, true),
                    new("example requests", alert.ExampleRequestIds is { Count: > 0 } ids ? string.Join(", ", ids) : "none", false),
                ])],
            alert,
            settings.DashboardUrl,
            $"{alert.Key}:{alert.FiredAt?.ToUnixTimeMilliseconds()}:{alert.State}");
        var delivered = false;
        foreach (var hook in settings.Webhooks)
        {
            delivered |= await PostAsync(new Uri(hook), payload, cancellationToken);
        }

        return (delivered, text);
    }

    private async Task<bool> PostAsync(Uri hook, WebhookPayload payload, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                using var response = await http.PostAsJsonAsync(hook, payload, AlertsJsonContext.Default.WebhookPayload, cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return true;
                }

                AlertLog.WebhookFailed(logger, hook.GetLeftPart(UriPartial.Path), $"HTTP {(int)response.StatusCode}", attempt + 1);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                AlertLog.WebhookFailed(logger, hook.GetLeftPart(UriPartial.Path), e.Message, attempt + 1);
            }

            if (attempt >= s_backoff.Length)
            {
                return false;
            }

            await Task.Delay(s_backoff[attempt], time, cancellationToken);
        }
    }

    private bool TryTakeSlot(int perMinute)
    {
        var now = time.GetUtcNow();
        lock (_sent)
        {
            while (_sent.Count > 0 && now - _sent.Peek() >= TimeSpan.FromMinutes(1))
            {
                _sent.Dequeue();
            }

            if (_sent.Count >= perMinute)
            {
                return false;
            }

            _sent.Enqueue(now);
            return true;
        }
    }

    private static string Text(AlertState alert) => alert.State == "firing"
        ? $"[FIRING] {alert.Rule} ({alert.Severity}): {alert.Value.ToString("G6", CultureInfo.InvariantCulture)} breaches {alert.Threshold.ToString("G6", CultureInfo.InvariantCulture)} over {alert.Window}"
        : $"[RESOLVED] {alert.Rule}: back within {alert.Threshold.ToString("G6", CultureInfo.InvariantCulture)} over {alert.Window} (now {alert.Value.ToString("G6", CultureInfo.InvariantCulture)})";
}
