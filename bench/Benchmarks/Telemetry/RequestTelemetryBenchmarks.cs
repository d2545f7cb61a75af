using System.Diagnostics;
using System.Reflection;
using System.Threading.Channels;
using BenchmarkDotNet.Attributes;
using Inference.Api.Telemetry;
using Inference.Api.Telemetry.Events;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;

namespace Benchmarks.Telemetry;

/// <summary>
/// What recording one finished request costs on the request path: <see cref="RequestTelemetry.Record"/> (GenAI
/// metrics + recent-id bookkeeping + the event enqueued into the publisher's bounded channel; the request log line
/// is now written by the publisher's loop, measured apart in <see cref="BackgroundLogAndSerialize"/>), with the services built exactly as the service builds them (<c>AddServiceDefaults</c>: the OTel
/// MeterProvider of OpenTelemetry.Extensions.Hosting with the official Prometheus exporter's reader listening, the JSON
/// console logger; <c>AddInferenceTelemetry</c>: the service's meter; <c>AddInferenceApi</c>).
/// The log level is a parameter: <c>Information</c> is the shipped default (the line is written), <c>Warning</c>
/// is a deployment that filters request lines. Stdout goes to <see cref="TextWriter.Null"/> so the console
/// logger's background writer does not flood the benchmark log (its formatting still runs on the calling thread).
/// The publisher's background loop is not started (its log line, batching and serialization run off the request
/// path and would count as allocations here); each operation takes its event back out of the channel instead, so the
/// channel never fills.
/// </summary>
[MemoryDiagnoser]
public class RequestTelemetryBenchmarks
{
    private const int IdCycle = 1 << 18;

    private IHost _host = null!;
    private RequestTelemetry _telemetry = null!;
    private InferenceMetrics _metrics = null!;
    private EventPublisher _publisher = null!;
    private ILogger<RequestTelemetry> _logger = null!;
    private RequestLog _requestLog = null!;
    private readonly PreviousRecentRequests _previousRecent = new();
    private ChannelReader<QueuedEvent> _queue = null!;
    private DirectoryInfo _spool = null!;
    private RequestOutcome _outcome;
    private string[] _ids = [];
    private int _next;

    [Params("Information", "Warning")]
    public string LogLevel { get; set; } = "Information";

    [GlobalSetup]
    public void Setup()
    {
        Console.SetOut(TextWriter.Null);
        _spool = Directory.CreateTempSubdirectory("bench-spool-");
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Production" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = LogLevel,
            ["Telemetry:Events:SpoolDirectory"] = _spool.FullName,
        });
        builder.Services.AddSingleton<IEventSink, NullSink>();
        builder.AddServiceDefaults();
        builder.AddInferenceTelemetry();
        builder.AddInferenceApi();
        _host = builder.Build();
        _ = _host.Services.GetRequiredService<MeterProvider>(); // the SDK listener, as the host's start would build it
        _telemetry = _host.Services.GetRequiredService<RequestTelemetry>();
        _metrics = _host.Services.GetRequiredService<InferenceMetrics>();
        _publisher = _host.Services.GetRequiredService<EventPublisher>();
        _logger = _host.Services.GetRequiredService<ILogger<RequestTelemetry>>();
        _requestLog = _host.Services.GetRequiredService<RequestLog>();
        _queue = ((Channel<QueuedEvent>)typeof(EventPublisher).GetField("_channel", BindingFlags.NonPublic | BindingFlags.Instance)!.GetValue(_publisher)!).Reader;
        _outcome = Sample();
        // Every request has a new id (made by the request-id middleware, not by telemetry). The cycle (262 144) is
        // longer than both recent-id windows (100 000 before, 131 072 now), so an id coming round again is a new
        // insert as in production, while the ids kept alive stay near what the service itself keeps.
        _ids = new string[IdCycle];
        for (var i = 0; i < _ids.Length; i++)
        {
            _ids[i] = Guid.CreateVersion7().ToString("N");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _host.Dispose();
        _spool.Delete(recursive: true);
    }

    /// <summary>
    /// Baseline: <c>RequestTelemetry.Record</c> as it was before the log line moved off the request path (same
    /// calls: the line written inline, the trace id turned into hex on the request path, and the earlier
    /// ConcurrentDictionary-based recent-id set), in the same run.
    /// </summary>
    [Benchmark(Baseline = true)]
    public bool RecordRequestPrevious()
    {
        var outcome = _outcome with { RequestId = NextId() };
        _metrics.Record(outcome);
        _previousRecent.Add(outcome.RequestId);
        Inference.Api.InferenceLog.RequestCompleted(
            _logger, outcome.RequestId, outcome.Route, outcome.Status, outcome.Outcome, outcome.ErrorType, outcome.Model,
            outcome.LatencySeconds * 1000, (outcome.TimeToFirstTokenSeconds ?? 0) * 1000, outcome.InputTokens, outcome.OutputTokens,
            outcome.PromptChars, outcome.PromptSha256Prefix, outcome.UserHash, outcome.FinishReason,
            outcome.TraceId.ToHexString(), outcome.SpanId.ToHexString());
        _publisher.TryPublish(outcome);
        return _queue.TryRead(out _);
    }

    /// <summary>The request path's telemetry call for one successful request, as the service makes it now.</summary>
    [Benchmark]
    public bool RecordRequest()
    {
        _telemetry.Record(_outcome with { RequestId = NextId() });
        return _queue.TryRead(out _);
    }

    /// <summary>
    /// Not on the request path, for the record: what the publisher's background loop now spends per request on
    /// the log line and the event's JSON (it also batches and sends, not measured here).
    /// </summary>
    [Benchmark]
    public int BackgroundLogAndSerialize()
    {
        var outcome = _outcome with { RequestId = NextId() };
        _requestLog.Write(outcome);
        return new QueuedEvent(outcome, null).Serialize().Length;
    }

    private string NextId()
    {
        var i = _next;
        _next = i + 1 == IdCycle ? 0 : i + 1;
        return _ids[i];
    }

    internal static RequestOutcome Sample() => new()
    {
        RequestId = "0193a5c2f7d97b3e8c1d2e3f4a5b6c7d",
        TraceId = ActivityTraceId.CreateFromString("4bf92f3577b34da6a3ce929d0e0e4736"),
        SpanId = ActivitySpanId.CreateFromString("00f067aa0ba902b7"),
        Model = "kjv-5m",
        Route = "generate",
        Operation = "text_completion",
        Outcome = "success",
        Status = 200,
        FinishReason = "length",
        StartedUnixMs = 1_795_000_000_000,
        LatencySeconds = 0.0412,
        TimeToFirstTokenSeconds = 0.0098,
        TimePerOutputTokenSeconds = 0.0031,
        QueueWaitSeconds = 0,
        InputTokens = 12,
        OutputTokens = 8,
        CostUsd = 0.00001,
        PromptChars = 48,
        PromptSha256Prefix = "9f86d081884c7d65",
        Temperature = 0.7,
        TopK = 40,
        TopP = 0.9,
    };

    private sealed class NullSink : IEventSink
    {
        public ValueTask PublishAsync(IReadOnlyList<ReadOnlyMemory<byte>> events, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }
}
