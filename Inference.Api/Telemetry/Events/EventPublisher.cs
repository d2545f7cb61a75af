using System.Threading.Channels;
using Microsoft.Extensions.Options;
using ServiceDefaults.Events;

namespace Inference.Api.Telemetry.Events;

/// <summary>
/// Moves telemetry events off the request path: the request hands a value to a bounded channel; this service
/// writes each request's log line (<see cref="RequestLog"/>), then batches, serializes and delivers the events to
/// the sink. While the sink fails, batches go to the local spool, and once it answers again the spool is replayed
/// in order before anything new is sent.
/// </summary>
internal sealed class EventPublisher : BackgroundService
{
    private readonly Channel<QueuedEvent> _channel;
    private readonly IEventSink _sink;
    private readonly EventPublisherOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<EventPublisher> _logger;
    private readonly RequestLog _requestLog;
    private readonly EventSpool _spool;
    private bool _sinkDown;
    private TimeSpan _retryDelay;
    private DateTimeOffset _nextRetry;
    private long _dropped;

    public EventPublisher(IEventSink sink, IOptions<EventPublisherOptions> options, TimeProvider time, ILogger<EventPublisher> logger, RequestLog requestLog)
    {
        _requestLog = requestLog;
        _sink = sink;
        _options = options.Value;
        _time = time;
        _logger = logger;
        _spool = new EventSpool(_options);
        _retryDelay = _options.InitialRetryDelay;
        _sinkDown = _spool.HasPending;
        _channel = Channel.CreateBounded<QueuedEvent>(new BoundedChannelOptions(_options.ChannelCapacity)
        {
            SingleReader = true,
            // Wait mode makes TryWrite return false when full (DropWrite would report success and lose the event),
            // so the request path can count what it could not queue; it never actually waits.
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    /// <summary>Events refused because the in-memory channel was full, plus those the spool cap dropped.</summary>
    public long Dropped => Interlocked.Read(ref _dropped) + _spool.DroppedEvents;

    /// <summary>Whether the last delivery attempt failed (events are being spooled).</summary>
    public bool Spooling => _sinkDown;

    /// <summary>Queues a finished request; never blocks, allocates nothing.</summary>
    public bool TryPublish(in RequestOutcome outcome) => Enqueue(new QueuedEvent(outcome, null));

    /// <summary>Queues a feedback event.</summary>
    public bool TryPublish(FeedbackReceived feedback) => Enqueue(new QueuedEvent(default, feedback));

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<ReadOnlyMemory<byte>>(_options.MaxBatchSize);
        while (true)
        {
            await WaitForEventsAsync(_channel.Reader, stoppingToken);
            await DeliverQueuedAsync(batch, untilEmpty: stoppingToken.IsCancellationRequested);

            if (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    /// <summary>
    /// Stops the loop, then delivers or spools anything still queued: the loop may never have run if the host
    /// stopped right after starting (BackgroundService skips ExecuteAsync once its token is cancelled).
    /// </summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await DeliverQueuedAsync(new List<ReadOnlyMemory<byte>>(_options.MaxBatchSize), untilEmpty: true);
    }

    /// <inheritdoc />
    public override void Dispose()
    {
        base.Dispose();
        _spool.Dispose();
    }

    /// <summary>
    /// Sends one batch from the channel, or everything in it. Not cancelled by shutdown: the sink client has its
    /// own timeouts, and whatever is queued when the host stops is delivered or spooled, never dropped.
    /// </summary>
    private async Task DeliverQueuedAsync(List<ReadOnlyMemory<byte>> batch, bool untilEmpty)
    {
        do
        {
            batch.Clear();
            while (batch.Count < _options.MaxBatchSize && _channel.Reader.TryRead(out var queued))
            {
                if (queued.Feedback is null)
                {
                    _requestLog.Write(queued.Request);
                }

                batch.Add(queued.Serialize());
            }

            await DeliverAsync(batch, CancellationToken.None);
        }
        while (untilEmpty && batch.Count > 0);
    }

    private bool Enqueue(QueuedEvent queued)
    {
        if (_channel.Writer.TryWrite(queued))
        {
            return true;
        }

        Interlocked.Increment(ref _dropped);
        return false;
    }

    private async Task WaitForEventsAsync(ChannelReader<QueuedEvent> reader, CancellationToken stoppingToken)
    {
        if (!_sinkDown)
        {
            try
            {
                await reader.WaitToReadAsync(stoppingToken);
            }
            catch (OperationCanceledException)
            {
            }

            return;
        }

        // While spooling, wake up for the next retry even if no new event arrives.
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var delay = _nextRetry - _time.GetUtcNow();
        wait.CancelAfter(delay > TimeSpan.Zero ? delay : TimeSpan.Zero);
        try
        {
            await reader.WaitToReadAsync(wait.Token);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task DeliverAsync(List<ReadOnlyMemory<byte>> batch, CancellationToken cancellationToken)
    {
        if (_sinkDown)
        {
            if (batch.Count > 0)
            {
                _spool.Append(batch);
            }

            if (_time.GetUtcNow() >= _nextRetry)
            {
                await TryReplayAsync(cancellationToken);
            }

            return;
        }

        if (batch.Count == 0)
        {
            return;
        }

        try
        {
            await _sink.PublishAsync(batch, cancellationToken);
        }
        catch (Exception e)
        {
            _spool.Append(batch);
            MarkDown(e);
        }
    }

    private async Task TryReplayAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _spool.ReplayAsync(b => _sink.PublishAsync(b, cancellationToken).AsTask(), _options.MaxBatchSize);
            _sinkDown = false;
            _retryDelay = _options.InitialRetryDelay;
            InferenceLog.EventSinkRecovered(_logger);
        }
        catch (Exception e)
        {
            MarkDown(e);
        }
    }

    private void MarkDown(Exception e)
    {
        if (!_sinkDown)
        {
            InferenceLog.EventSinkUnavailable(_logger, e.Message);
        }

        _sinkDown = true;
        _nextRetry = _time.GetUtcNow() + _retryDelay;
        _retryDelay = TimeSpan.FromTicks(Math.Min(_options.MaxRetryDelay.Ticks, _retryDelay.Ticks * 2));
    }
}
