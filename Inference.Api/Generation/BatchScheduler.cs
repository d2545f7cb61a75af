using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Inference.Api.Onnx;
using Microsoft.ML.OnnxRuntime;

namespace Inference.Api.Generation;

/// <summary>
/// Continuous batching over one session: a dedicated decode thread (not the thread pool) admits waiting requests
/// while the batch has room, prefills each alone in its own Run (abortable by that request's cancellation), samples
/// its first token and joins it to the <see cref="DecodeBatch"/>; then one Run per decode step serves every row.
/// Each row samples with its own <see cref="Sampler"/> and is checked for end of sequence, max tokens and the context
/// length after every step; its tokens go to its consumer through a channel. A cancelled or abandoned row leaves at
/// the next step without disturbing the others; a failing Run fails only the rows it was running, with the cause.
/// </summary>
internal sealed class BatchScheduler : IDisposable
{
    private readonly DecoderSession _session;
    private readonly int _maxBatchSize;
    private readonly Action<int>? _onStep;
    private readonly Channel<DecodeRow> _waiting = Channel.CreateUnbounded<DecodeRow>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _stopping = new();
    private readonly RunOptions _stepOptions = new();
    private readonly DecodeBatch _batch;
    private readonly float[] _logits;
    private readonly Thread _thread;
    private int _waitingCount;
    private volatile int _decoding;
    private long _steps;
    private long _sequenceSteps;
    private volatile int _largestBatch;

    /// <param name="session">The session this scheduler's thread owns for decoding.</param>
    /// <param name="maxBatchSize">Most rows decoded together in one Run.</param>
    /// <param name="onStep">Told the batch size of every decode step (metrics); called on the decode thread.</param>
    public BatchScheduler(DecoderSession session, int maxBatchSize, Action<int>? onStep = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatchSize, 1);
        _session = session;
        _maxBatchSize = maxBatchSize;
        _onStep = onStep;
        _batch = new DecodeBatch(session);
        _logits = new float[session.Config.VocabSize];
        _thread = new Thread(Loop) { IsBackground = true, Name = "batched-decode" };
        _thread.Start();
    }

    /// <summary>Most rows decoded together in one Run.</summary>
    public int MaxBatchSize => _maxBatchSize;

    /// <summary>What the decode thread is doing now and has done since start (read from any thread; may lag a step).</summary>
    public BatchSchedulerState State => new(
        Volatile.Read(ref _waitingCount), _decoding, Interlocked.Read(ref _steps), Interlocked.Read(ref _sequenceSteps), _largestBatch);

    /// <summary>
    /// Queues a sequence and yields its token ids as the decode thread produces them; the final one says why it
    /// ended. Cancellation (or leaving the loop early) takes the row out of the batch at the next step.
    /// </summary>
    public async IAsyncEnumerable<GeneratedToken> GenerateAsync(int[] prompt, int maxNewTokens, SamplingSettings sampling, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // Checked here, on the caller's side: an empty prompt has no last position to take logits from.
        ArgumentOutOfRangeException.ThrowIfZero(prompt.Length, nameof(prompt));
        var row = new DecodeRow(prompt, maxNewTokens, sampling, cancellationToken);
        Interlocked.Increment(ref _waitingCount);
        if (!_waiting.Writer.TryWrite(row))
        {
            Interlocked.Decrement(ref _waitingCount);
            throw new ObjectDisposedException(nameof(BatchScheduler));
        }

        try
        {
            while (await row.Tokens.WaitToReadAsync(cancellationToken))
            {
                while (row.Tokens.TryRead(out var token))
                {
                    // Tokens may be buffered ahead of the reader: a cancelled reader takes none of them.
                    cancellationToken.ThrowIfCancellationRequested();
                    yield return token;
                }
            }
        }
        finally
        {
            row.Abandon();
        }
    }

    public void Dispose()
    {
        _stopping.Cancel();
        _waiting.Writer.TryComplete();
        _stepOptions.Terminate = true;
        _thread.Join();
        _stepOptions.Dispose();
        _stopping.Dispose();
    }

    private void Loop()
    {
        var stopped = new ObjectDisposedException(nameof(BatchScheduler), "The engine is shutting down.");
        while (!_stopping.IsCancellationRequested)
        {
            try
            {
                Admit();
                if (_batch.Count == 0)
                {
                    WaitForWork();
                    continue;
                }

                DecodeStep();
            }
            catch (Exception e)
            {
                // A bug here must not leave consumers waiting forever nor end the thread silently; a step aborted
                // by shutdown reports the shutdown.
                var failed = _batch.Clear();
                _decoding = 0;
                Fail(failed, _stopping.IsCancellationRequested ? stopped : e);
            }
        }

        Fail(_batch.Clear(), stopped);
        _decoding = 0;
        while (_waiting.Reader.TryRead(out var row))
        {
            Interlocked.Decrement(ref _waitingCount);
            row.Complete(stopped);
        }
    }

    private void WaitForWork()
    {
        try
        {
            _waiting.Reader.WaitToReadAsync(_stopping.Token).AsTask().GetAwaiter().GetResult();
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
        }
    }

    // Prefills waiting requests while the batch has room; a request whose first token ends it never joins.
    private void Admit()
    {
        while (_batch.Count < _maxBatchSize && !_stopping.IsCancellationRequested && _waiting.Reader.TryRead(out var row))
        {
            Interlocked.Decrement(ref _waitingCount);
            if (row.Gone)
            {
                row.Cancel();
                continue;
            }

            try
            {
                using (var runOptions = new RunOptions())
                using (row.CancellationToken.Register(static state => ((RunOptions)state!).Terminate = true, runOptions))
                {
                    _batch.Prefill(row, runOptions, _logits);
                }

                if (!row.Accept(row.Sampler.Next(_logits, row.History), _session.Config))
                {
                    _batch.Join(row);
                }
            }
            catch (OnnxRuntimeException) when (row.CancellationToken.IsCancellationRequested)
            {
                row.Cancel();
            }
            catch (Exception e)
            {
                row.Complete(new InvalidOperationException($"Prefill of a {row.Prompt.Length}-token prompt failed: {e.Message}", e));
            }
        }
    }

    private void DecodeStep()
    {
        for (var b = _batch.Rows.Count - 1; b >= 0; b--)
        {
            var row = _batch.Rows[b];
            if (row.Gone)
            {
                _batch.Remove(row);
                row.Cancel();
            }
        }

        // Rows that only joined are not in Rows yet: the step takes them in.
        _decoding = _batch.Count;
        if (_batch.Count == 0)
        {
            return;
        }

        StepOutput output;
        try
        {
            output = _batch.Step(_stepOptions);
        }
        catch (Exception e) when (!_stopping.IsCancellationRequested)
        {
            var rows = _batch.Clear();
            _decoding = 0;
            Fail(rows, new InvalidOperationException($"A batched decode step over {rows.Count} sequences failed: {e.Message}", e));
            return;
        }

        using (output)
        {
            var rows = _batch.Rows;
            Interlocked.Increment(ref _steps);
            Interlocked.Add(ref _sequenceSteps, rows.Count);
            if (rows.Count > _largestBatch)
            {
                _largestBatch = rows.Count;
            }

            _onStep?.Invoke(rows.Count);
            for (var b = rows.Count - 1; b >= 0; b--)
            {
                var row = rows[b];
                output.CopyLogits(b, 0, 1, _logits);
                if (row.Accept(row.Sampler.Next(_logits, row.History), _session.Config))
                {
                    _batch.Remove(row);
                }
            }
        }

        _decoding = _batch.Count;
    }

    private static void Fail(List<DecodeRow> rows, Exception error)
    {
        foreach (var row in rows)
        {
            row.Complete(error);
        }
    }
}

/// <summary>A <see cref="BatchScheduler"/>'s figures for <c>/health/detailed</c>.</summary>
/// <param name="Waiting">Requests queued for their prefill.</param>
/// <param name="Decoding">Rows in the batch now.</param>
/// <param name="Steps">Decode steps run since start (one Run each).</param>
/// <param name="SequenceSteps">Tokens those steps produced (the sum of their batch sizes).</param>
/// <param name="LargestBatch">The most rows one step has run.</param>
internal readonly record struct BatchSchedulerState(int Waiting, int Decoding, long Steps, long SequenceSteps, int LargestBatch);
