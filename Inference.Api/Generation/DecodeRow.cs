using System.Threading.Channels;
using Inference.Api.Models;
using Microsoft.ML.OnnxRuntime;

namespace Inference.Api.Generation;

/// <summary>
/// One request's sequence inside the batched decode: its own past length, history, sampler and stop checks, and the
/// channel its consumer reads tokens from. Written only by the decode thread; the consumer only reads the channel
/// and marks the row abandoned when it stops reading.
/// </summary>
internal sealed class DecodeRow
{
    private readonly Channel<GeneratedToken> _tokens = Channel.CreateUnbounded<GeneratedToken>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private volatile bool _abandoned;

    public DecodeRow(int[] prompt, int maxNewTokens, SamplingSettings sampling, CancellationToken cancellationToken)
    {
        Prompt = prompt;
        MaxNewTokens = maxNewTokens;
        Sampler = new Sampler(sampling);
        History = new List<int>(prompt);
        CancellationToken = cancellationToken;
    }

    public int[] Prompt { get; }

    public int MaxNewTokens { get; }

    public Sampler Sampler { get; }

    /// <summary>Prompt and generated ids, for the repetition penalty.</summary>
    public List<int> History { get; }

    public CancellationToken CancellationToken { get; }

    /// <summary>Tokens held in this row's past K/V (the prompt, then every token fed back).</summary>
    public int PastLength { get; set; }

    /// <summary>The last sampled token: the row's input at the next decode step.</summary>
    public int NextInput { get; private set; }

    /// <summary>Tokens produced so far.</summary>
    public int Produced { get; private set; }

    /// <summary>The prefill's presents until the row joins the batch (then the batch's past holds its K/V).</summary>
    public OrtValue[]? OwnPast { get; set; }

    /// <summary>The row's index in the batch's past tensors.</summary>
    public int Slot { get; set; } = -1;

    /// <summary>The consumer went away (cancelled, or stopped reading after a stop string).</summary>
    public bool Gone => _abandoned || CancellationToken.IsCancellationRequested;

    public ChannelReader<GeneratedToken> Tokens => _tokens.Reader;

    /// <summary>Called by the consumer when it stops reading, whatever the reason.</summary>
    public void Abandon() => _abandoned = true;

    /// <summary>
    /// Records a sampled token and hands it to the consumer; true when it ends the sequence: an end-of-sequence id
    /// (<c>stop</c>), max tokens or the context length (<c>length</c>), the same rules as <see cref="TokenGenerator"/>.
    /// </summary>
    public bool Accept(int token, GenAiConfig config)
    {
        Produced++;
        History.Add(token);
        NextInput = token;
        var finish = config.EosTokenIds.Contains(token) ? FinishReasons.Stop
            : Produced >= MaxNewTokens || PastLength + 1 >= config.ContextLength ? FinishReasons.Length
            : null;
        _tokens.Writer.TryWrite(new GeneratedToken(token, finish));
        if (finish is not null)
        {
            Complete(null);
        }

        return finish is not null;
    }

    /// <summary>Ends the consumer's stream: normally, cancelled, or with the error that failed this row.</summary>
    public void Complete(Exception? error)
    {
        _tokens.Writer.TryComplete(error);
        ReleaseOwnPast();
    }

    /// <summary>Ends the stream as cancelled (the consumer sees an <see cref="OperationCanceledException"/>).</summary>
    public void Cancel() => Complete(new OperationCanceledException(CancellationToken));

    public void ReleaseOwnPast()
    {
        foreach (var value in OwnPast ?? [])
        {
            value.Dispose();
        }

        OwnPast = null;
    }
}
