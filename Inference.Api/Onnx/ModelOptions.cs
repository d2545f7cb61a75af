namespace Inference.Api.Onnx;

/// <summary>Which model to serve and how ONNX Runtime runs it (section <c>Model</c>).</summary>
public sealed class ModelOptions
{
    /// <summary>The embedded model shipped in the repository's models/ folder.</summary>
    public const string DefaultModelName = "kjv-5m";

    /// <summary><see cref="Engine"/>: our batched generator on the ONNX Runtime C API (the default).</summary>
    public const string OnnxRuntimeEngine = "onnxruntime";

    /// <summary><see cref="Engine"/>: ONNX Runtime GenAI's <c>Model</c>/<c>Generator</c> (one generator per request, no batching).</summary>
    public const string GenAiEngine = "genai";

    /// <summary>
    /// Which engine runs the model: <c>onnxruntime</c> (default) or <c>genai</c>. Everything above the
    /// <c>IChatClient</c> (routes, telemetry, events, admission) is the same for both.
    /// </summary>
    public string Engine { get; set; } = OnnxRuntimeEngine;

    /// <summary>
    /// Lets the ONNX Runtime libraries write their usage telemetry (files under ~/.cache/Microsoft/DeveloperTools).
    /// Off unless set: the service turns the libraries' own switch off before loading a model.
    /// </summary>
    public bool RuntimeTelemetry { get; set; }

    /// <summary>
    /// A model folder in the ONNX Runtime GenAI layout. Empty: the embedded model, found in models/ above the
    /// content root or the application folder.
    /// </summary>
    public string? Path { get; set; }

    /// <summary><c>cpu</c> (default) or <c>cuda</c>. CUDA never falls back to the CPU: startup fails instead.</summary>
    public string Provider { get; set; } = "cpu";

    /// <summary>CUDA device ordinal.</summary>
    public int DeviceId { get; set; }

    /// <summary>Threads for one operator; 0 lets ONNX Runtime choose (one per core).</summary>
    public int IntraOpThreads { get; set; }

    /// <summary>
    /// Lets ONNX Runtime's intra-op workers busy-wait between operators (its default). Off here: beside the decode
    /// thread, Kestrel and the token consumers, a spinning worker takes a core the step needs; one stream measured
    /// 0.65-0.70x ORT GenAI with it on and 2.3-2.6x with it off on 2 cores (bench/results/2026-12-06-engine.md).
    /// </summary>
    public bool IntraOpSpinning { get; set; }

    /// <summary>Graph optimization level: 0 none, 1 basic, 2 extended, 99 all.</summary>
    public int GraphOptimizationLevel { get; set; } = 99;

    /// <summary>
    /// Most sequences decoded together in one Run (continuous batching on one decode thread). 1 keeps one generation
    /// loop per request; a model without an attention mask, position ids or a free batch dimension always does.
    /// </summary>
    public int MaxBatchSize { get; set; } = 8;
}
