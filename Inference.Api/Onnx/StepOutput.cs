using Microsoft.ML.OnnxRuntime;

namespace Inference.Api.Onnx;

/// <summary>The logits and present K/V of one step; disposing releases the logits (the presents are handed on).</summary>
internal sealed class StepOutput(OrtValue logits, OrtValue[] presents) : IDisposable
{
    public OrtValue Logits { get; } = logits;

    public OrtValue[] Presents { get; } = presents;

    /// <summary>Copies row <paramref name="row"/>'s logits at position <paramref name="position"/> into <paramref name="destination"/>.</summary>
    public void CopyLogits(int row, int position, int sequence, Span<float> destination)
    {
        var vocab = destination.Length;
        Logits.GetTensorDataAsSpan<float>().Slice(((row * sequence) + position) * vocab, vocab).CopyTo(destination);
    }

    public void Dispose() => Logits.Dispose();
}
