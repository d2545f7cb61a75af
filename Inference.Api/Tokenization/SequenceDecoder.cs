namespace Inference.Api.Tokenization;

/// <summary>Runs decoders in order over the same token list.</summary>
internal sealed class SequenceDecoder(IReadOnlyList<ITokenDecoder> steps) : ITokenDecoder
{
    /// <inheritdoc />
    public void DecodeChain(List<string> tokens)
    {
        foreach (var step in steps)
        {
            step.DecodeChain(tokens);
        }
    }
}
