using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Telemetry.Aggregator.Alerts;

/// <summary>
/// Evaluates every rule on a schedule, on exactly one replica at a time (the holder of a Redis lease). Each
/// condition moves inactive → pending → firing (after its <c>for</c>) → resolved, with the state kept in Redis;
/// a notification goes out on firing and on resolving, once.
/// </summary>
internal sealed class AlertEvaluator(
    RuleJudge judge, AlertStore store, WebhookNotifier notifier, IOptions<AlertsOptions> options, TimeProvider time, ILogger<AlertEvaluator> logger)
    : BackgroundService
{
    private readonly string _owner = Ingest.ConsumerService.NewInstanceId();

    /// <summary>One evaluation at <paramref name="now"/>; false when another replica holds the lease.</summary>
    public async Task<bool> EvaluateOnceAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (!await store.TryLeaseAsync(_owner, settings.EvaluationInterval * 3, cancellationToken))
        {
            return false;
        }

        var states = await store.ReadStatesAsync(cancellationToken);
        foreach (var rule in settings.Rules)
        {
            foreach (var j in await judge.JudgeAsync(rule, now, cancellationToken))
            {
                states.TryGetValue(j.Key, out var current);
                await StepAsync(j, current, now, cancellationToken);
            }
        }

        return true;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.Rules.Count == 0)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await EvaluateOnceAsync(time.GetUtcNow(), stoppingToken);
            }
            catch (Exception e) when (e is RedisConnectionException or RedisTimeoutException or RedisServerException or InvalidOperationException)
            {
                AlertLog.EvaluationFailed(logger, e.Message);
            }

            try
            {
                await Task.Delay(options.Value.EvaluationInterval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task StepAsync(Judgement j, AlertState? current, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (j.Breached == true)
        {
            var state = current is null
                ? new AlertState(j.Key, j.Rule.Name, j.Rule.Severity, "pending", now, null, null, j.Value, j.Threshold, j.Window, j.Examples)
                : current with { Value = j.Value, Threshold = j.Threshold, Window = j.Window, ExampleRequestIds = j.Examples ?? current.ExampleRequestIds };
            if (state.State == "pending" && now - state.Since >= j.Rule.For)
            {
                state = state with { State = "firing", FiredAt = now };
                await NotifyAsync(state, now, cancellationToken);
            }

            await store.SaveAsync(j.Key, state, cancellationToken);
            return;
        }

        // Not breached, or too little traffic to judge: a pending condition is dropped, a firing one resolves.
        if (current is { State: "firing" })
        {
            await NotifyAsync(current with { State = "resolved", ResolvedAt = now, Value = j.Value }, now, cancellationToken);
        }

        if (current is not null)
        {
            await store.SaveAsync(j.Key, null, cancellationToken);
        }
    }

    private async Task NotifyAsync(AlertState state, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var (delivered, text) = await notifier.NotifyAsync(state, cancellationToken);
        AlertLog.Transition(logger, state.Key, state.State, text);
        await store.RecordAsync(new AlertNotification(state, text, delivered, now), cancellationToken);
    }
}
