using System.CommandLine;
using System.Globalization;

namespace LoadGen;

/// <summary>The command line: parses and validates arguments into <see cref="LoadGenOptions"/> or a list of errors.</summary>
internal static class LoadGenCommand
{
    private static readonly Option<string> s_url = new("--url") { Description = "Inference.Api base address, e.g. http://127.0.0.1:5080", Required = true };
    private static readonly Option<string> s_route = new("--route") { Description = "generate | chat", DefaultValueFactory = _ => "generate" };
    private static readonly Option<bool> s_stream = new("--stream") { Description = "request SSE streaming" };
    private static readonly Option<string> s_prompt = new("--prompt") { Description = "prompt text", DefaultValueFactory = _ => "In the beginning" };
    private static readonly Option<int> s_maxTokens = new("--max-tokens") { Description = "max output tokens", DefaultValueFactory = _ => 16 };
    private static readonly Option<double?> s_rate = new("--rate") { Description = "open loop: arrivals per second" };
    private static readonly Option<int?> s_concurrency = new("--concurrency") { Description = "closed loop: workers" };
    private static readonly Option<long?> s_requests = new("--requests") { Description = "stop after this many requests" };
    private static readonly Option<string> s_duration = new("--duration") { Description = "stop after this long (30s, 2m, 500ms)", DefaultValueFactory = _ => "10s" };
    private static readonly Option<int> s_warmup = new("--warmup") { Description = "requests sent before the run, not reported (the aggregator still counts them, so --check-stats compares them too)" };
    private static readonly Option<int> s_maxInFlight = new("--max-in-flight") { Description = "hard cap on requests in flight", DefaultValueFactory = _ => 256 };
    private static readonly Option<string> s_timeout = new("--timeout") { Description = "per-request timeout", DefaultValueFactory = _ => "60s" };
    private static readonly Option<string?> s_out = new("--out") { Description = "write the JSON report here" };
    private static readonly Option<string?> s_markdown = new("--markdown") { Description = "write a Markdown summary here" };
    private static readonly Option<string?> s_checkStats = new("--check-stats") { Description = "aggregator base address to compare with" };
    private static readonly Option<string> s_window = new("--window") { Description = "aggregator window", DefaultValueFactory = _ => "5m" };
    private static readonly Option<string> s_checkTimeout = new("--check-timeout") { Description = "how long to wait for the aggregator", DefaultValueFactory = _ => "30s" };
    private static readonly Option<double> s_maxErrorRate = new("--max-error-rate") { Description = "fail (exit 1) above this error rate, 0..1", DefaultValueFactory = _ => 1.0 };

    /// <summary>Builds the root command (also used for --help).</summary>
    public static RootCommand Build()
    {
        var root = new RootCommand("Load generator for Inference.Api: open loop (--rate) or closed loop (--concurrency).");
        foreach (var option in new Option[] { s_url, s_route, s_stream, s_prompt, s_maxTokens, s_rate, s_concurrency, s_requests, s_duration, s_warmup, s_maxInFlight, s_timeout, s_out, s_markdown, s_checkStats, s_window, s_checkTimeout, s_maxErrorRate })
        {
            root.Options.Add(option);
        }

        return root;
    }

    /// <summary>Reads the parse result; on failure <paramref name="errors"/> says what is wrong, one line each.</summary>
    public static LoadGenOptions? TryParse(ParseResult result, out List<string> errors)
    {
        errors = [.. result.Errors.Select(e => e.Message)];
        if (errors.Count > 0)
        {
            return null;
        }

        var url = Uri.TryCreate(result.GetValue(s_url), UriKind.Absolute, out var u) && (u.Scheme == Uri.UriSchemeHttp || u.Scheme == Uri.UriSchemeHttps) ? u : null;
        if (url is null)
        {
            errors.Add("--url must be an absolute http(s) address, e.g. http://127.0.0.1:5080.");
        }

        var routeText = result.GetValue(s_route);
        TargetRoute? route = routeText switch { "generate" => TargetRoute.Generate, "chat" => TargetRoute.Chat, _ => null };
        if (route is null)
        {
            errors.Add($"--route must be 'generate' or 'chat', not '{routeText}'.");
        }

        var rate = result.GetValue(s_rate);
        var concurrency = result.GetValue(s_concurrency);
        if (rate is not null && concurrency is not null)
        {
            errors.Add("--rate (open loop) and --concurrency (closed loop) cannot both be given.");
        }

        Check(errors, rate is null or (> 0 and <= 100_000), "--rate must be above 0 and at most 100000.");
        Check(errors, concurrency is null or (> 0 and <= 10_000), "--concurrency must be between 1 and 10000.");
        Check(errors, result.GetValue(s_requests) is null or > 0, "--requests must be at least 1.");
        Check(errors, result.GetValue(s_maxTokens) is > 0 and <= 100_000, "--max-tokens must be between 1 and 100000.");
        Check(errors, result.GetValue(s_warmup) is >= 0 and <= 10_000, "--warmup must be between 0 and 10000.");
        Check(errors, result.GetValue(s_maxInFlight) is > 0 and <= 100_000, "--max-in-flight must be between 1 and 100000.");
        Check(errors, !string.IsNullOrWhiteSpace(result.GetValue(s_prompt)), "--prompt must not be empty.");
        var maxErrorRate = result.GetValue(s_maxErrorRate);
        Check(errors, maxErrorRate is >= 0 and <= 1, "--max-error-rate must be between 0 and 1.");
        var duration = Duration(errors, "--duration", result.GetValue(s_duration));
        var timeout = Duration(errors, "--timeout", result.GetValue(s_timeout));
        var checkTimeout = Duration(errors, "--check-timeout", result.GetValue(s_checkTimeout));
        var window = result.GetValue(s_window)!;
        Check(errors, window is "1m" or "5m" or "15m" or "1h", "--window must be one of 1m, 5m, 15m, 1h.");
        Uri? check = null;
        if (result.GetValue(s_checkStats) is { } checkText && !(Uri.TryCreate(checkText, UriKind.Absolute, out check) && check.Scheme is "http" or "https"))
        {
            errors.Add("--check-stats must be an absolute http(s) address of the aggregator.");
        }

        if (errors.Count > 0)
        {
            return null;
        }

        return new LoadGenOptions
        {
            Url = url!, Route = route!.Value, Stream = result.GetValue(s_stream), Prompt = result.GetValue(s_prompt)!,
            MaxTokens = result.GetValue(s_maxTokens), Rate = rate, Concurrency = concurrency ?? 1, Requests = result.GetValue(s_requests),
            Duration = duration, MaxInFlight = result.GetValue(s_maxInFlight), Warmup = result.GetValue(s_warmup), Timeout = timeout, OutJson = result.GetValue(s_out),
            OutMarkdown = result.GetValue(s_markdown), CheckStats = check, Window = window, CheckTimeout = checkTimeout, MaxErrorRate = maxErrorRate,
        };
    }

    /// <summary>Parses <c>500ms</c>, <c>30s</c>, <c>2m</c>, <c>1h</c>; a bare number is seconds.</summary>
    internal static TimeSpan? ParseDuration(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var (number, unit) = text.EndsWith("ms", StringComparison.Ordinal) ? (text[..^2], 0.001)
            : text.EndsWith('s') ? (text[..^1], 1.0)
            : text.EndsWith('m') ? (text[..^1], 60.0)
            : text.EndsWith('h') ? (text[..^1], 3600.0)
            : (text, 1.0);
        return double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v > 0 && v * unit <= 86_400
            ? TimeSpan.FromSeconds(v * unit) : null;
    }

    private static TimeSpan Duration(List<string> errors, string name, string? text)
    {
        var value = ParseDuration(text);
        Check(errors, value is not null, $"{name} must be a positive duration up to 24h such as 500ms, 30s, 2m (got '{text}').");
        return value ?? TimeSpan.Zero;
    }

    private static void Check(List<string> errors, bool ok, string message)
    {
        if (!ok)
        {
            errors.Add(message);
        }
    }
}
