using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Telemetry.Aggregator.Alerts;
using Telemetry.Aggregator.Storage;
using Telemetry.Aggregator.Tests.Support;
using Tests.Shared;

namespace Telemetry.Aggregator.Tests.Alerts;

/// <summary>Rules driven through pending → firing → resolved by synthetic traffic and a fake clock, with the webhook payloads checked.</summary>
public sealed class AlertEvaluatorServerTests(RedisFixture cache) : IClassFixture<RedisFixture>, IAsyncLifetime
{
    // Noon today: the rules' windows and the budgets' day and month hold every fed event, whenever the suite runs
    // (a start derived from the real minute put the daily budget across midnight when run just after 00:00).
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(DateTimeOffset.UtcNow.Date.AddHours(12), TimeSpan.Zero));
    private Aggregation _aggregation = null!;
    private WebhookReceiver _hook = null!;

    public async Task InitializeAsync()
    {
        _aggregation = new Aggregation(cache.NewClient(), _clock);
        await CacheFixture.FlushAsync(_aggregation.Connection);
        _hook = await WebhookReceiver.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _hook.DisposeAsync();
        await _aggregation.Connection.DisposeAsync();
    }

    [Fact]
    public async Task AThresholdRuleGoesPendingThenFiresAfterItsForAndResolvesWhenTheWindowClears()
    {
        var rule = new AlertRule { Name = "errors-high", Metric = "error_rate", Window = "5m", Threshold = 0.05, For = TimeSpan.FromSeconds(30), MinRequests = 10, Severity = "critical" };
        var evaluator = Evaluator(rule);
        var now = _clock.GetUtcNow();
        await FeedAsync(Enumerable.Range(0, 100).Select(i => TestEvents.Request(i, now.AddSeconds(-20)) with
        {
            Outcome = i % 5 == 0 ? "error" : "success", ErrorType = i % 5 == 0 ? "timeout" : null,
        }));

        Assert.True(await evaluator.EvaluateOnceAsync(_clock.GetUtcNow(), default));
        Assert.Equal("pending", (await Active())["errors-high"]);
        Assert.Empty(_hook.Received);

        _clock.Advance(TimeSpan.FromSeconds(30));
        await evaluator.EvaluateOnceAsync(_clock.GetUtcNow(), default);
        _clock.Advance(TimeSpan.FromSeconds(15));
        await evaluator.EvaluateOnceAsync(_clock.GetUtcNow(), default);

        var fired = Assert.Single(_hook.Received);
        Assert.StartsWith("[FIRING] errors-high (critical)", fired.GetProperty("text").GetString(), StringComparison.Ordinal);
        var alert = fired.GetProperty("alert");
        Assert.Equal("firing", alert.GetProperty("state").GetString());
        Assert.Equal(0.2, alert.GetProperty("value").GetDouble());
        Assert.Equal(0.05, alert.GetProperty("threshold").GetDouble());
        Assert.Equal("5m", alert.GetProperty("window").GetString());
        Assert.Equal("#d00000", fired.GetProperty("attachments")[0].GetProperty("color").GetString());
        Assert.Equal("https://dashboard.example/genai", fired.GetProperty("dashboard_url").GetString());
        var examples = alert.GetProperty("example_request_ids").EnumerateArray().Select(e => e.GetString()!).ToArray();
        Assert.Equal(5, examples.Length);
        Assert.All(examples, id => Assert.Equal(0, int.Parse(id["req-".Length..], System.Globalization.CultureInfo.InvariantCulture) % 5));

        _clock.Advance(TimeSpan.FromMinutes(6));
        await evaluator.EvaluateOnceAsync(_clock.GetUtcNow(), default);

        Assert.Equal(2, _hook.Received.Count);
        var resolved = _hook.Received.Last();
        Assert.StartsWith("[RESOLVED] errors-high", resolved.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Equal("resolved", resolved.GetProperty("alert").GetProperty("state").GetString());
        Assert.Empty(await Active());
        Assert.NotEqual(fired.GetProperty("dedupe_key").GetString(), resolved.GetProperty("dedupe_key").GetString());
    }

    [Fact]
    public async Task AnSloBurnRuleFiresWhenBothWindowsOfAPairBurnFastAndResolvesWhenTheShortWindowsRecover()
    {
        var rule = new AlertRule { Name = "latency-slo", Kind = "slo_burn", Objective = 0.99, LatencyThresholdMs = 100 };
        var evaluator = Evaluator(rule);
        var now = _clock.GetUtcNow();
        // 12 slow requests in 300: 4 % bad against a 1 % budget is a burn rate of 4 everywhere: below 6 and 14.4.
        await FeedAsync(Enumerable.Range(0, 300).Select(i => TestEvents.Request(i, now.AddMinutes(-2)) with { LatencyMs = i % 25 == 0 ? 500 : 40 }));
        await evaluator.EvaluateOnceAsync(now, default);
        Assert.Empty(_hook.Received);

        // 60 more slow requests: 72 / 360 = 20 % bad, burn 20 in every window: the fast pair fires at once (For = 0).
        await FeedAsync(Enumerable.Range(300, 60).Select(i => TestEvents.Request(i, now.AddMinutes(-1)) with { LatencyMs = 800 }));
        await evaluator.EvaluateOnceAsync(now, default);
        var fired = Assert.Single(_hook.Received);
        Assert.Equal("firing", fired.GetProperty("alert").GetProperty("state").GetString());
        Assert.Equal(20, fired.GetProperty("alert").GetProperty("value").GetDouble(), 6);
        Assert.Equal("1h/5m at 14.4x", fired.GetProperty("alert").GetProperty("window").GetString());
        Assert.All(fired.GetProperty("alert").GetProperty("example_request_ids").EnumerateArray(),
            id => Assert.InRange(int.Parse(id.GetString()!["req-".Length..], System.Globalization.CultureInfo.InvariantCulture), 300, 359));

        // Six minutes on the 5 m window is empty, but the slow pair (6 h / 30 m at 6x) still burns: still firing.
        _clock.Advance(TimeSpan.FromMinutes(6));
        await evaluator.EvaluateOnceAsync(_clock.GetUtcNow(), default);
        Assert.Single(_hook.Received);

        // Past 30 minutes both short windows are empty: resolved, once.
        _clock.Advance(TimeSpan.FromMinutes(25));
        await evaluator.EvaluateOnceAsync(_clock.GetUtcNow(), default);
        await evaluator.EvaluateOnceAsync(_clock.GetUtcNow().AddSeconds(15), default);
        Assert.Equal(2, _hook.Received.Count);
        Assert.Equal("resolved", _hook.Received.Last().GetProperty("alert").GetProperty("state").GetString());
    }

    [Fact]
    public async Task ADailyBudgetFiresOnceAtEightyAndOnceAtOneHundredPercent()
    {
        var rule = new AlertRule { Name = "daily-budget", Kind = "budget", Amount = 1.0 };
        var evaluator = Evaluator(rule);
        var now = _clock.GetUtcNow();
        await FeedAsync(Enumerable.Range(0, 8).Select(i => TestEvents.Request(i, now.AddSeconds(-5)) with { CostUsd = 0.1 }));
        await evaluator.EvaluateOnceAsync(now, default);
        await evaluator.EvaluateOnceAsync(now.AddSeconds(15), default);
        await FeedAsync(Enumerable.Range(8, 3).Select(i => TestEvents.Request(i, now.AddSeconds(-5)) with { CostUsd = 0.1 }));
        await evaluator.EvaluateOnceAsync(now.AddSeconds(30), default);
        await evaluator.EvaluateOnceAsync(now.AddSeconds(45), default);

        var keys = _hook.Received.Select(r => r.GetProperty("alert").GetProperty("key").GetString()!).ToArray();
        Assert.Equal(["daily-budget@80%", "daily-budget@100%"], keys);
        Assert.Equal(1.1, _hook.Received.Last().GetProperty("alert").GetProperty("value").GetDouble(), 6);
    }

    [Fact]
    public async Task AMonthlyBudgetAddsUpTheDaysOfTheMonth()
    {
        var rule = new AlertRule { Name = "monthly", Kind = "budget", Period = "month", Amount = 10 };
        var evaluator = Evaluator(rule);
        var now = _clock.GetUtcNow();
        await FeedAsync(Enumerable.Range(0, 4).Select(i => TestEvents.Request(i, now.AddSeconds(-5)) with { CostUsd = 2.1 }));

        await evaluator.EvaluateOnceAsync(now, default);

        var fired = Assert.Single(_hook.Received).GetProperty("alert");
        Assert.Equal("monthly@80%", fired.GetProperty("key").GetString());
        Assert.Equal(8.4, fired.GetProperty("value").GetDouble(), 6);
        Assert.Equal("this month (UTC)", fired.GetProperty("window").GetString());
    }

    [Fact]
    public async Task ARestartedEvaluatorNeitherRefiresNorForgetsAFiringAlert()
    {
        var rule = new AlertRule { Name = "any-traffic", Metric = "requests", Window = "5m", Threshold = 0 };
        var now = _clock.GetUtcNow();
        await FeedAsync([TestEvents.Request(1, now.AddSeconds(-5))]);
        Assert.True(await Evaluator(rule, interval: TimeSpan.FromMilliseconds(50)).EvaluateOnceAsync(now, default));
        Assert.Single(_hook.Received);

        // A new process (a new lease owner) takes over once the old lease (3 intervals, expired by the cache's own
        // clock) has lapsed.
        await Eventually.TrueAsync(async () => !await _aggregation.Redis.KeyExistsAsync(AlertStore.LeaseKey), "the first evaluator's lease to lapse");
        var restarted = Evaluator(rule, interval: TimeSpan.FromMilliseconds(50));
        Assert.True(await restarted.EvaluateOnceAsync(now.AddSeconds(15), default));

        Assert.Single(_hook.Received);
        Assert.Equal("firing", (await Active())["any-traffic"]);
    }

    [Fact]
    public async Task OnlyTheLeaseHolderEvaluatesAndAFailingWebhookIsRetried()
    {
        await using var flaky = await WebhookReceiver.StartAsync(failFirst: 2);
        var rule = new AlertRule { Name = "any-traffic", Metric = "requests", Window = "5m", Threshold = 0 };
        var first = Evaluator(rule, flaky.Url);
        var second = Evaluator(rule, flaky.Url);
        var now = _clock.GetUtcNow();
        await FeedAsync([TestEvents.Request(1, now.AddSeconds(-5))]);

        Assert.True(await first.EvaluateOnceAsync(now, default));
        Assert.False(await second.EvaluateOnceAsync(now, default));

        Assert.Equal(3, flaky.Attempts);
        Assert.Single(flaky.Received);
    }

    private AlertEvaluator Evaluator(AlertRule rule, Uri? hook = null, TimeSpan? interval = null)
    {
        var options = Options.Create(new AlertsOptions
        {
            Rules = [rule], Webhooks = [(hook ?? _hook.Url).ToString()], DashboardUrl = "https://dashboard.example/genai", EvaluationInterval = interval ?? TimeSpan.FromSeconds(15),
        });
        var reader = new WindowReader(() => _aggregation.Redis);
        var notifier = new WebhookNotifier(new HttpClient(), options, TimeProvider.System, NullLogger<WebhookNotifier>.Instance);
        return new AlertEvaluator(new RuleJudge(reader), new AlertStore(() => _aggregation.Redis), notifier, options, _clock, NullLogger<AlertEvaluator>.Instance);
    }

    private async Task FeedAsync(IEnumerable<ServiceDefaults.Events.RequestCompleted> events)
    {
        await TestEvents.PushAsync(_aggregation.Redis, events.Select(TestEvents.Json));
        await Aggregation.DrainAsync(_aggregation.Consumer("alerts-test"));
    }

    private async Task<Dictionary<string, string>> Active() =>
        (await new AlertStore(() => _aggregation.Redis).ReadStatesAsync(default)).ToDictionary(s => s.Key, s => s.Value.State);
}
