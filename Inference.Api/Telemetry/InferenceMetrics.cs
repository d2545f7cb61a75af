using System.Diagnostics;
using System.Diagnostics.Metrics;
using static Inference.Api.Telemetry.GenAiSemanticConventions;

namespace Inference.Api.Telemetry;

/// <summary>
/// The service's instruments: the GenAI server metrics with their advised buckets, and our own in-flight, queue,
/// outcome and cost instruments. The client-side <c>gen_ai.client.token.usage</c> and
/// <c>gen_ai.client.operation.duration</c> come from Microsoft.Extensions.AI's OpenTelemetry layer around the chat
/// client, under the same meter name. Recording uses <see cref="TagList"/> (stack-allocated for up
/// to eight tags), so it allocates nothing per request.
/// </summary>
internal sealed class InferenceMetrics : IDisposable
{
    /// <summary>Histogram of the batch size of every batched decode step (Prometheus: <c>inference_decode_batch_size</c>).</summary>
    public const string DecodeBatchSize = "inference.decode.batch_size";

    // Every size up to 8 (the default MaxBatchSize) has its own bucket; larger configured batches still land.
    private static readonly int[] s_decodeBatchSizeBuckets = [1, 2, 3, 4, 5, 6, 7, 8, 12, 16, 24, 32, 64];

    private readonly Meter _meter;
    private readonly Histogram<double> _requestDuration;
    private readonly Histogram<double> _timeToFirstToken;
    private readonly Histogram<double> _timePerOutputToken;
    private readonly Histogram<double> _queueWait;
    private readonly Counter<long> _requests;
    private readonly Counter<double> _cost;
    private readonly UpDownCounter<long> _active;
    private readonly UpDownCounter<long> _queued;
    private readonly Histogram<int> _decodeBatchSize;

    public InferenceMetrics(IMeterFactory meterFactory)
    {
        _meter = meterFactory.Create(MeterName);
        _requestDuration = _meter.CreateHistogram(ServerRequestDuration, "s", "Time from request arrival to the last response byte.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });
        _timeToFirstToken = _meter.CreateHistogram(ServerTimeToFirstToken, "s", "Time from request arrival to the first output token (successful requests).",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = TimeToFirstTokenBuckets });
        _timePerOutputToken = _meter.CreateHistogram(ServerTimePerOutputToken, "s", "Mean time per output token after the first (successful requests).",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = TimePerOutputTokenBuckets });
        _queueWait = _meter.CreateHistogram("inference.queue.wait", "s", "Time a request waited for a generator slot.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = TimeToFirstTokenBuckets });
        _requests = _meter.CreateCounter<long>("inference.requests", "{request}", "Completed requests by outcome and finish reason.");
        _cost = _meter.CreateCounter<double>("inference.cost_usd", "{USD}", "Estimated cost from the configured price table.");
        _active = _meter.CreateUpDownCounter<long>("inference.requests.active", "{request}", "Requests being generated now.");
        _queued = _meter.CreateUpDownCounter<long>("inference.queue.size", "{request}", "Requests waiting for a generator slot.");
        _decodeBatchSize = _meter.CreateHistogram(DecodeBatchSize, "{sequence}", "Sequences decoded together in one Run, per batched decode step.",
            advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = s_decodeBatchSizeBuckets });
    }

    /// <summary>A request entered or left generation.</summary>
    public void ActiveChanged(long delta, string model)
    {
        var tag = new KeyValuePair<string, object?>(AttrRequestModel, model);
        _active.Add(delta, tag);
        if (delta > 0)
        {
            // Keeps the queue-size series present from the first request on, so a dashboard shows an idle queue
            // as 0 rather than as "no data" (the gauge is otherwise only touched when a request has to wait).
            _queued.Add(0, tag);
        }
    }

    /// <summary>A request entered or left the admission queue.</summary>
    public void QueuedChanged(long delta, string model) => _queued.Add(delta, new KeyValuePair<string, object?>(AttrRequestModel, model));

    /// <summary>One batched decode step ran <paramref name="batchSize"/> sequences in one Run (called on the decode thread).</summary>
    public void DecodeStep(int batchSize, string model) => _decodeBatchSize.Record(batchSize, new KeyValuePair<string, object?>(AttrRequestModel, model));

    /// <summary>Records every instrument for one finished request.</summary>
    public void Record(in RequestOutcome outcome)
    {
        var tags = new TagList
        {
            { AttrOperationName, outcome.Operation },
            { AttrProviderName, ProviderName },
            { AttrRequestModel, outcome.Model },
        };
        if (outcome.ErrorType is { } errorType)
        {
            tags.Add(AttrErrorType, errorType);
        }

        _requestDuration.Record(outcome.LatencySeconds, tags);
        if (outcome.QueueWaitSeconds is { } wait)
        {
            _queueWait.Record(wait, tags);
        }

        if (outcome.ErrorType is null)
        {
            // TTFT and TPOT are defined for successful responses only (semantic conventions).
            if (outcome.TimeToFirstTokenSeconds is { } ttft)
            {
                _timeToFirstToken.Record(ttft, tags);
            }

            if (outcome.TimePerOutputTokenSeconds is { } tpot)
            {
                _timePerOutputToken.Record(tpot, tags);
            }
        }

        if (outcome.CostUsd > 0)
        {
            _cost.Add(outcome.CostUsd, tags);
        }

        tags.Add("inference.outcome", outcome.Outcome);
        tags.Add("gen_ai.response.finish_reason", outcome.FinishReason ?? "none");
        _requests.Add(1, tags);
    }

    /// <inheritdoc />
    public void Dispose() => _meter.Dispose();
}
