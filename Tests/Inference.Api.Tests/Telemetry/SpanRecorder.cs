using System.Collections.Concurrent;
using System.Diagnostics;
using Tests.Shared;

namespace Inference.Api.Tests.Telemetry;

/// <summary>
/// Records the spans of one trace: listens to the service's and ASP.NET Core's sources and keeps the stopped
/// activities whose trace id is the one this recorder hands out in <see cref="Traceparent"/> (tests run in
/// parallel and the sources are process-wide, so the trace id is the filter).
/// </summary>
internal sealed class SpanRecorder : IDisposable
{
    private readonly ActivityListener _listener;
    private readonly ConcurrentQueue<Activity> _stopped = new();

    public SpanRecorder()
    {
        TraceId = ActivityTraceId.CreateRandom();
        ParentSpanId = ActivitySpanId.CreateRandom();
        _listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name is "Inference.Api" or "Microsoft.AspNetCore",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a =>
            {
                if (a.TraceId == TraceId)
                {
                    _stopped.Enqueue(a);
                }
            },
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public ActivityTraceId TraceId { get; }

    /// <summary>The caller's span id in <see cref="Traceparent"/>: the server span's parent.</summary>
    public ActivitySpanId ParentSpanId { get; }

    /// <summary>A W3C traceparent header of a sampled caller span.</summary>
    public string Traceparent => $"00-{TraceId.ToHexString()}-{ParentSpanId.ToHexString()}-01";

    public IReadOnlyList<Activity> Spans => [.. _stopped];

    /// <summary>Waits (bounded) until a span satisfying <paramref name="predicate"/> has stopped, and returns it.</summary>
    public Task<Activity> WaitForAsync(Func<Activity, bool> predicate) =>
        Eventually.ValueAsync(
            () => _stopped.FirstOrDefault(predicate), "a matching span",
            seen: () => string.Join(", ", _stopped.Select(a => a.DisplayName)));

    /// <summary>The server span of the request (ASP.NET Core's).</summary>
    public Task<Activity> ServerSpanAsync() => WaitForAsync(a => a.Source.Name == "Microsoft.AspNetCore");

    public IReadOnlyList<Activity> ChildrenOf(Activity parent) => [.. _stopped.Where(a => a.ParentSpanId == parent.SpanId)];

    public void Dispose() => _listener.Dispose();
}
