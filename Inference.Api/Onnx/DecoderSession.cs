using Inference.Api.Models;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Inference.Api.Onnx;

/// <summary>
/// One ONNX Runtime session over a decoder: knows its tensor names from genai_config.json, checks them against the
/// model, and runs one step: ids, attention mask and positions in, logits and the present K/V out. The present
/// values are handed back as they are, so the next step feeds them as its past without copying. Every native object
/// of the engine is an <see cref="OrtValue"/>, <see cref="RunOptions"/> or this session: nothing else is native.
/// </summary>
internal sealed class DecoderSession : IDisposable
{
    // onnxruntime_session_options_config_keys.h: whether intra-op workers busy-wait for work between operators.
    private const string IntraOpSpinningKey = "session.intra_op.allow_spinning";

    private readonly InferenceSession _session;
    private readonly RunOptions _defaultRunOptions;
    private readonly string[] _inputNames;
    private readonly string[] _outputNames;

    // An empty past is a [batch, kv heads, 0, head size] tensor over a zero-length slice of this array: a real,
    // pinned address that no element is ever read from.
    private readonly float[] _emptyPast = new float[1];

    public DecoderSession(ModelFolder model, ModelOptions options)
    {
        Config = model.Config;
        OnnxRuntimeEnvironment.Initialize(options);
        using var sessionOptions = new Microsoft.ML.OnnxRuntime.SessionOptions
        {
            IntraOpNumThreads = options.IntraOpThreads,
            // One step is one chain of operators: a second inter-op pool would only add threads competing for the cores.
            InterOpNumThreads = 1,
            GraphOptimizationLevel = (GraphOptimizationLevel)options.GraphOptimizationLevel,
        };
        sessionOptions.AddSessionConfigEntry(IntraOpSpinningKey, options.IntraOpSpinning ? "1" : "0");
        ExecutionProviders.Append(sessionOptions, options);
        try
        {
            _session = new InferenceSession(model.DecoderPath, sessionOptions);
        }
        catch (OnnxRuntimeException e)
        {
            throw new ModelFolderException($"{model.DecoderPath} could not be loaded by ONNX Runtime: {e.Message}", e);
        }

        _defaultRunOptions = new RunOptions();
        try
        {
            var inputs = _session.InputMetadata;
            var names = Config.Names;
            UsesAttentionMask = names.AttentionMask is { } mask && inputs.ContainsKey(mask);
            UsesPositionIds = names.PositionIds is { } pos && inputs.ContainsKey(pos);
            var inputOrder = new List<string> { names.InputIds };
            if (UsesAttentionMask)
            {
                inputOrder.Add(names.AttentionMask!);
            }

            if (UsesPositionIds)
            {
                inputOrder.Add(names.PositionIds!);
            }

            var outputOrder = new List<string> { names.Logits };
            for (var layer = 0; layer < Config.NumHiddenLayers; layer++)
            {
                inputOrder.Add(DecoderNames.Layer(names.PastKey, layer));
                inputOrder.Add(DecoderNames.Layer(names.PastValue, layer));
                outputOrder.Add(DecoderNames.Layer(names.PresentKey, layer));
                outputOrder.Add(DecoderNames.Layer(names.PresentValue, layer));
            }

            Require(inputOrder, inputs, model.DecoderPath, "input");
            Require(outputOrder, _session.OutputMetadata, model.DecoderPath, "output");

            // Batching rows with different past lengths needs a mask to hide the padding, positions per row, a free
            // batch dimension, and float K/V (the past is rebuilt by copying floats).
            var pastKey = inputs[DecoderNames.Layer(names.PastKey, 0)];
            SupportsBatchedDecode = UsesAttentionMask && UsesPositionIds
                && inputs[names.InputIds].Dimensions is [<= 0, ..]
                && pastKey.ElementDataType == TensorElementType.Float && pastKey.Dimensions is [<= 0, ..];
            _inputNames = [.. inputOrder];
            _outputNames = [.. outputOrder];
        }
        catch
        {
            _session.Dispose();
            _defaultRunOptions.Dispose();
            throw;
        }
    }

    public GenAiConfig Config { get; }
    public bool UsesAttentionMask { get; }
    public bool UsesPositionIds { get; }

    /// <summary>
    /// Whether several sequences with different past lengths can be decoded in one Run: the model takes an attention
    /// mask and position ids, its batch dimension is free, and its past K/V are float.
    /// </summary>
    public bool SupportsBatchedDecode { get; }

    /// <summary>
    /// Runs one step for <paramref name="batch"/> rows of <paramref name="sequence"/> new tokens each. The input tensors
    /// borrow the caller's memory (pinned for the Run, never copied). <paramref name="past"/> holds 2 × layers values
    /// (key, value per layer) or is null for an empty past. The caller owns the returned values (and may pass the
    /// presents as the next past). <paramref name="runOptions"/> lets another thread abort the Run (Terminate).
    /// </summary>
    public StepOutput Run(Memory<long> inputIds, Memory<long> attentionMask, Memory<long> positionIds, int batch, int sequence, OrtValue[]? past, RunOptions? runOptions)
    {
        var totalLength = attentionMask.Length / batch;
        var inputs = new OrtValue[_inputNames.Length];
        var owned = 0;
        try
        {
            inputs[owned++] = Int64(inputIds, batch, sequence);
            if (UsesAttentionMask)
            {
                inputs[owned++] = Int64(attentionMask, batch, totalLength);
            }

            if (UsesPositionIds)
            {
                inputs[owned++] = Int64(positionIds, batch, sequence);
            }

            for (var i = 0; i < 2 * Config.NumHiddenLayers; i++)
            {
                if (past is null)
                {
                    inputs[owned++] = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, _emptyPast.AsMemory(0, 0), [batch, Config.NumKeyValueHeads, 0, Config.HeadSize]);
                }
                else
                {
                    inputs[owned + i] = past[i];
                }
            }

            var outputs = _session.Run(runOptions ?? _defaultRunOptions, _inputNames, inputs, _outputNames);
            // The collection's only job is to dispose its values: ownership passes to the StepOutput (logits) and
            // to the caller (presents), so the collection itself is dropped undisposed.
            OrtValue? logits = null;
            var presents = new OrtValue[_outputNames.Length - 1];
            var index = -1;
            foreach (var value in outputs)
            {
                if (index < 0)
                {
                    logits = value;
                }
                else
                {
                    presents[index] = value;
                }

                index++;
            }

            return new StepOutput(logits!, presents);
        }
        finally
        {
            for (var i = 0; i < owned; i++)
            {
                inputs[i].Dispose();
            }
        }
    }

    /// <summary>
    /// New past K/V values (key, value per layer) of shape [<paramref name="batch"/>, kv heads,
    /// <paramref name="length"/>, head size], zero-filled and owned by the caller.
    /// </summary>
    public OrtValue[] CreatePast(int batch, int length)
    {
        var values = new OrtValue[2 * Config.NumHiddenLayers];
        try
        {
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = OrtValue.CreateAllocatedTensorValue(OrtAllocator.DefaultInstance, TensorElementType.Float, [batch, Config.NumKeyValueHeads, length, Config.HeadSize]);
                // Padding must be finite (masked scores still multiply these values), so never leave it uninitialised.
                values[i].GetTensorMutableDataAsSpan<float>().Clear();
            }
        }
        catch
        {
            foreach (var value in values)
            {
                value?.Dispose();
            }

            throw;
        }

        return values;
    }

    /// <summary>
    /// Copies one sequence's last <paramref name="count"/> past positions from row <paramref name="sourceRow"/> of
    /// <paramref name="source"/> (time axis <paramref name="sourceLength"/> long) to the end of row
    /// <paramref name="destinationRow"/> of <paramref name="destination"/>, for every layer's key and value. Rows are
    /// left-padded, so a sequence's real entries are always the last ones of its row.
    /// </summary>
    public void CopyPast(OrtValue[] source, int sourceRow, int sourceLength, OrtValue[] destination, int destinationRow, int destinationLength, int count)
    {
        var heads = Config.NumKeyValueHeads;
        var headSize = Config.HeadSize;
        var length = count * headSize;
        for (var i = 0; i < source.Length; i++)
        {
            var from = source[i].GetTensorDataAsSpan<float>();
            var to = destination[i].GetTensorMutableDataAsSpan<float>();
            for (var head = 0; head < heads; head++)
            {
                var sourceStart = (((sourceRow * heads) + head) * sourceLength) + sourceLength - count;
                var destinationStart = (((destinationRow * heads) + head) * destinationLength) + destinationLength - count;
                from.Slice(sourceStart * headSize, length).CopyTo(to.Slice(destinationStart * headSize, length));
            }
        }
    }

    public void Dispose()
    {
        _session.Dispose();
        _defaultRunOptions.Dispose();
    }

    private static OrtValue Int64(Memory<long> data, int rows, int columns) =>
        OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, data, [rows, columns]);

    private static void Require(List<string> expected, IReadOnlyDictionary<string, NodeMetadata> actual, string file, string kind)
    {
        foreach (var name in expected)
        {
            if (!actual.ContainsKey(name))
            {
                throw new ModelFolderException($"{file} has no {kind} named '{name}' (genai_config.json names it); the model's {kind}s are: {string.Join(", ", actual.Keys)}.");
            }
        }
    }
}
