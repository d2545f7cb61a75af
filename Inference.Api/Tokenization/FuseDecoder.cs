namespace Inference.Api.Tokenization;

/// <summary>The <c>Fuse</c> decoder: all tokens become one string.</summary>
internal sealed class FuseDecoder : ITokenDecoder
{
    /// <inheritdoc />
    public void DecodeChain(List<string> tokens)
    {
        string joined = string.Concat(tokens);
        tokens.Clear();
        tokens.Add(joined);
    }
}
