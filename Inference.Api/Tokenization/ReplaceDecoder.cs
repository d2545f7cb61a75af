using System.Text.RegularExpressions;

namespace Inference.Api.Tokenization;

/// <summary>The <c>Replace</c> decoder: every match of a pattern in each token becomes <c>content</c>.</summary>
internal sealed class ReplaceDecoder(Regex pattern, string content) : ITokenDecoder
{
    /// <inheritdoc />
    public void DecodeChain(List<string> tokens)
    {
        for (int i = 0; i < tokens.Count; i++)
        {
            tokens[i] = pattern.Replace(tokens[i], content);
        }
    }
}
