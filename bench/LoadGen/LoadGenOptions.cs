namespace LoadGen;

/// <summary>Which endpoint the tool drives.</summary>
internal enum TargetRoute
{
    /// <summary><c>POST /generate</c>.</summary>
    Generate,

    /// <summary><c>POST /v1/chat/completions</c>.</summary>
    Chat,
}

/// <summary>Everything one run needs, validated by <see cref="LoadGenCommand"/>.</summary>
internal sealed record LoadGenOptions
{
    /// <summary>Base address of Inference.Api.</summary>
    public required Uri Url { get; init; }

    /// <summary>Endpoint to call.</summary>
    public TargetRoute Route { get; init; } = TargetRoute.Generate;

    /// <summary>Ask for SSE streaming.</summary>
    public bool Stream { get; init; }

    /// <summary>Prompt (generate) or user message (chat).</summary>
    public string Prompt { get; init; } = "In the beginning";

    /// <summary>Maximum output tokens per request.</summary>
    public int MaxTokens { get; init; } = 16;

    /// <summary>Open-loop arrival rate in requests per second, or null for closed loop.</summary>
    public double? Rate { get; init; }

    /// <summary>Closed-loop workers (used when <see cref="Rate"/> is null).</summary>
    public int Concurrency { get; init; } = 1;

    /// <summary>Stop after this many requests have been sent.</summary>
    public long? Requests { get; init; }

    /// <summary>Stop sending after this long.</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Requests sent one by one before the run and left out of the report (JIT, connections, model first call).</summary>
    public int Warmup { get; init; }

    /// <summary>Hard cap on requests in flight; an open-loop arrival over the cap is counted as dropped.</summary>
    public int MaxInFlight { get; init; } = 256;

    /// <summary>Per-request timeout.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>JSON report path.</summary>
    public string? OutJson { get; init; }

    /// <summary>Markdown summary path.</summary>
    public string? OutMarkdown { get; init; }

    /// <summary>Aggregator base address for the after-run comparison.</summary>
    public Uri? CheckStats { get; init; }

    /// <summary>Aggregator window name (<c>1m</c>, <c>5m</c>, ...).</summary>
    public string Window { get; init; } = "5m";

    /// <summary>How long to wait for the aggregator to count the run.</summary>
    public TimeSpan CheckTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Largest acceptable error rate (0..1); above it the exit code is 1.</summary>
    public double MaxErrorRate { get; init; } = 1.0;
}
