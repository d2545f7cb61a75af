using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Inference.Api.Models;
using Inference.Api.Onnx.Native;

namespace Inference.Api.Onnx;

/// <summary>
/// One ONNX Runtime session over a decoder: knows its tensor names from genai_config.json, checks them against the
/// model, and runs one step: ids, attention mask and positions in, logits and the present K/V out. The present
/// values are handed back as they are, so the next step feeds them as its past without copying.
/// </summary>
internal sealed class DecoderSession : IDisposable
{
    private static readonly Lazy<OrtEnvHandle> s_env = new(() => NativeMethods.CreateEnv(loggingLevel: 3, "inference-api"));

    private readonly OrtSessionHandle _session;
    private readonly OrtMemoryInfoHandle _memory = NativeMethods.CreateCpuMemoryInfo();
    private readonly NativeNames _inputNames;
    private readonly NativeNames _outputNames;
    private readonly float[] _emptyPast = GC.AllocateArray<float>(1, pinned: true);

    public DecoderSession(ModelFolder model, ModelOptions options)
    {
        Config = model.Config;
        // The environment must exist before any provider option call: ORT logs through the env's default logger.
        var env = s_env.Value;
        using var sessionOptions = NativeMethods.CreateSessionOptions();
        NativeMethods.SetThreads(sessionOptions, options.IntraOpThreads, 1);
        NativeMethods.SetGraphOptimizationLevel(sessionOptions, options.GraphOptimizationLevel);
        ExecutionProviders.Append(sessionOptions, options);
        _session = NativeMethods.CreateSession(env, model.DecoderPath, sessionOptions);
        var inputs = NativeMethods.GetSessionTensors(_session, inputs: true);
        var outputs = NativeMethods.GetSessionTensors(_session, inputs: false);
        var names = Config.Names;
        UsesAttentionMask = names.AttentionMask is { } mask && inputs.Any(i => i.Name == mask);
        UsesPositionIds = names.PositionIds is { } pos && inputs.Any(i => i.Name == pos);
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

        // Batching rows with different past lengths needs a mask to hide the padding, positions per row, a free
        // batch dimension, and float K/V (the past is rebuilt by copying floats).
        var pastKey = inputs.FirstOrDefault(i => i.Name == DecoderNames.Layer(names.PastKey, 0));
        SupportsBatchedDecode = UsesAttentionMask && UsesPositionIds
            && inputs.FirstOrDefault(i => i.Name == names.InputIds) is { Shape: [<= 0, ..] }
            && pastKey is { ElementType: NativeMethods.ElementFloat, Shape: [<= 0, ..] };
        Require(inputOrder, inputs, model.DecoderPath, "input");
        Require(outputOrder, outputs, model.DecoderPath, "output");
        _inputNames = new NativeNames(inputOrder);
        _outputNames = new NativeNames(outputOrder);
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
    /// Runs one step for <paramref name="batch"/> rows of <paramref name="sequence"/> new tokens each.
    /// <paramref name="past"/> holds 2 × layers values (key, value per layer) or is null for an empty past.
    /// The caller owns the returned values (and may pass the presents as the next past).
    /// </summary>
    public unsafe StepOutput Run(ReadOnlySpan<long> inputIds, ReadOnlySpan<long> attentionMask, ReadOnlySpan<long> positionIds, int batch, int sequence, OrtValueHandle[]? past, OrtRunOptionsHandle? runOptions)
    {
        // The input tensors borrow this memory: it stays pinned for the whole Run.
        fixed (long* ids = inputIds, mask = attentionMask, positions = positionIds)
        {
            return Run((nint)ids, inputIds.Length, (nint)mask, attentionMask.Length, (nint)positions, positionIds.Length, batch, sequence, past, runOptions);
        }
    }

    private StepOutput Run(nint inputIds, int idCount, nint attentionMask, int maskCount, nint positionIds, int positionCount, int batch, int sequence, OrtValueHandle[]? past, OrtRunOptionsHandle? runOptions)
    {
        var totalLength = maskCount / batch;
        var owned = new List<OrtValueHandle>(3 + (past is null ? 2 * Config.NumHiddenLayers : 0));
        try
        {
            var inputs = new OrtValueHandle[_inputNames.Count];
            var n = 0;
            inputs[n++] = Track(owned, Int64(inputIds, idCount, [batch, sequence]));
            if (UsesAttentionMask)
            {
                inputs[n++] = Track(owned, Int64(attentionMask, maskCount, [batch, totalLength]));
            }

            if (UsesPositionIds)
            {
                inputs[n++] = Track(owned, Int64(positionIds, positionCount, [batch, sequence]));
            }

            for (var i = 0; i < 2 * Config.NumHiddenLayers; i++)
            {
                inputs[n++] = past?[i] ?? Track(owned, NativeMethods.CreateTensor(_memory, Address(_emptyPast), 0, [batch, Config.NumKeyValueHeads, 0, Config.HeadSize], NativeMethods.ElementFloat));
            }

            var outputs = NativeMethods.Run(_session, runOptions, _inputNames, inputs, _outputNames);
            return new StepOutput(outputs[0], outputs[1..]);
        }
        finally
        {
            foreach (var value in owned)
            {
                value.Dispose();
            }
        }
    }

    /// <summary>
    /// New past K/V values (key, value per layer) of shape [<paramref name="batch"/>, kv heads,
    /// <paramref name="length"/>, head size], zero-filled and owned by the caller.
    /// </summary>
    public unsafe OrtValueHandle[] CreatePast(int batch, int length)
    {
        var values = new OrtValueHandle[2 * Config.NumHiddenLayers];
        var count = (long)batch * Config.NumKeyValueHeads * length * Config.HeadSize;
        try
        {
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = NativeMethods.CreateOwnedTensor([batch, Config.NumKeyValueHeads, length, Config.HeadSize], NativeMethods.ElementFloat);
                // Padding must be finite (masked scores still multiply these values), so never leave it uninitialised.
                NativeMemory.Clear((void*)NativeMethods.GetTensorData(values[i]), (nuint)(count * sizeof(float)));
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
    public unsafe void CopyPast(OrtValueHandle[] source, int sourceRow, int sourceLength, OrtValueHandle[] destination, int destinationRow, int destinationLength, int count)
    {
        var heads = Config.NumKeyValueHeads;
        var headSize = Config.HeadSize;
        var bytes = (long)count * headSize * sizeof(float);
        for (var i = 0; i < source.Length; i++)
        {
            var from = (float*)NativeMethods.GetTensorData(source[i]);
            var to = (float*)NativeMethods.GetTensorData(destination[i]);
            for (var head = 0; head < heads; head++)
            {
                var sourceStart = ((((long)sourceRow * heads) + head) * sourceLength) + sourceLength - count;
                var destinationStart = ((((long)destinationRow * heads) + head) * destinationLength) + destinationLength - count;
                Buffer.MemoryCopy(from + (sourceStart * headSize), to + (destinationStart * headSize), bytes, bytes);
            }
        }
    }

    public void Dispose()
    {
        _session.Dispose();
        _memory.Dispose();
    }

    private OrtValueHandle Int64(nint data, int count, ReadOnlySpan<long> shape) =>
        NativeMethods.CreateTensor(_memory, data, (long)count * sizeof(long), shape, NativeMethods.ElementInt64);

    // Only for arrays allocated on the pinned object heap (GC.AllocateArray pinned: true).
    private static unsafe nint Address<T>(T[] pinnedArray) where T : unmanaged => (nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(pinnedArray));

    private static OrtValueHandle Track(List<OrtValueHandle> owned, OrtValueHandle value)
    {
        owned.Add(value);
        return value;
    }

    private static void Require(List<string> expected, TensorMetadata[] actual, string file, string kind)
    {
        foreach (var name in expected)
        {
            if (!actual.Any(a => a.Name == name))
            {
                throw new ModelFolderException($"{file} has no {kind} named '{name}' (genai_config.json names it); the model's {kind}s are: {string.Join(", ", actual.Select(a => a.Name))}.");
            }
        }
    }
}

/// <summary>The logits and present K/V of one step; disposing releases whatever was not handed on.</summary>
internal sealed class StepOutput(OrtValueHandle logits, OrtValueHandle[] presents) : IDisposable
{
    public OrtValueHandle Logits { get; } = logits;

    public OrtValueHandle[] Presents { get; } = presents;

    /// <summary>Copies row <paramref name="row"/>'s logits at position <paramref name="position"/> into <paramref name="destination"/>.</summary>
    public unsafe void CopyLogits(int row, int position, int sequence, Span<float> destination)
    {
        var vocab = destination.Length;
        var data = (float*)NativeMethods.GetTensorData(Logits);
        new ReadOnlySpan<float>(data + (((long)row * sequence) + position) * vocab, vocab).CopyTo(destination);
    }

    public void Dispose() => Logits.Dispose();
}
