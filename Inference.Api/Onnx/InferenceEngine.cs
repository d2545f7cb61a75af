using Inference.Api.Generation;
using Inference.Api.Models;
using Inference.Api.Telemetry;
using Microsoft.Extensions.Options;
using Microsoft.ML.OnnxRuntime;

namespace Inference.Api.Onnx;

/// <summary>
/// The loaded model: its folder (config, tokenizer, template) and the ONNX Runtime session that runs it. With
/// <see cref="ModelOptions.MaxBatchSize"/> above 1 and a model that allows it
/// (<see cref="DecoderSession.SupportsBatchedDecode"/>), concurrent requests are decoded together by a
/// <see cref="BatchScheduler"/>; otherwise each request runs its own <see cref="TokenGenerator"/> loop, as before batching.
/// </summary>
internal sealed class InferenceEngine : IModelEngine, IDisposable
{
    /// <param name="options">The model section.</param>
    /// <param name="environment">Where a relative model path is resolved.</param>
    /// <param name="metrics">When present, told the batch size of every batched decode step.</param>
    public InferenceEngine(IOptions<ModelOptions> options, IHostEnvironment environment, InferenceMetrics? metrics = null)
    {
        Options = options.Value;
        var path = ModelLocator.Resolve(Options.Path, environment.ContentRootPath);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        Model = ModelFolder.Load(path);
        Session = new DecoderSession(Model, Options);
        Generator = new TokenGenerator(Session);
        var name = Model.Name;
        Scheduler = Options.MaxBatchSize > 1 && Session.SupportsBatchedDecode
            ? new BatchScheduler(Session, Options.MaxBatchSize, metrics is null ? null : size => metrics.DecodeStep(size, name))
            : null;
        LoadTime = System.Diagnostics.Stopwatch.GetElapsedTime(started);
    }

    public string Name => ModelOptions.OnnxRuntimeEngine;

    public string ProviderName => "onnxruntime";

    public ModelOptions Options { get; }
    public ModelFolder Model { get; }
    public DecoderSession Session { get; }
    public TokenGenerator Generator { get; }

    /// <summary>The batched decoder, or null when <see cref="ModelOptions.MaxBatchSize"/> is 1 or the model cannot batch.</summary>
    public BatchScheduler? Scheduler { get; }

    public TimeSpan LoadTime { get; }

    /// <summary>Generates one sequence through the scheduler when batching, else through the single-sequence loop.</summary>
    public IAsyncEnumerable<GeneratedToken> GenerateAsync(int[] prompt, int maxNewTokens, SamplingSettings sampling, CancellationToken cancellationToken) =>
        Scheduler is { } scheduler
            ? scheduler.GenerateAsync(prompt, maxNewTokens, sampling, cancellationToken)
            : new SynchronousTokens(Generator.Generate(prompt, maxNewTokens, sampling, cancellationToken));

    public Dictionary<string, object?> RuntimeFacts() => new()
    {
        ["version"] = OrtEnv.Instance().GetVersionString(),
        ["executionProvider"] = Options.Provider, ["availableProviders"] = OrtEnv.Instance().GetAvailableProviders(),
    };

    // Batching facts: whether concurrent requests share decode steps, and how much they have.
    public Dictionary<string, object?> EngineFacts()
    {
        var facts = new Dictionary<string, object?>
        {
            ["name"] = Name,
            ["batching"] = Scheduler is not null,
            ["maxBatchSize"] = Scheduler?.MaxBatchSize ?? 1,
            ["intraOpThreads"] = Options.IntraOpThreads,
            ["intraOpSpinning"] = Options.IntraOpSpinning,
        };
        if (Scheduler?.State is { } state)
        {
            facts["waiting"] = state.Waiting;
            facts["decoding"] = state.Decoding;
            facts["decodeSteps"] = state.Steps;
            facts["meanBatchSize"] = state.Steps == 0 ? null : Math.Round((double)state.SequenceSteps / state.Steps, 2);
            facts["largestBatch"] = state.LargestBatch;
        }

        return facts;
    }

    public void Dispose()
    {
        // The decode thread uses the session: stop it first.
        Scheduler?.Dispose();
        Session.Dispose();
    }
}
