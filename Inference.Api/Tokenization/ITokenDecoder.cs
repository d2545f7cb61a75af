namespace Inference.Api.Tokenization;

/// <summary>One step of the decoder chain: rewrites the list of token strings in place.</summary>
internal interface ITokenDecoder
{
    /// <summary>Transforms <paramref name="tokens"/>; the final text is their concatenation.</summary>
    void DecodeChain(List<string> tokens);
}
