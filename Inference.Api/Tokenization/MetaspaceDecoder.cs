namespace Inference.Api.Tokenization;

/// <summary>The <c>Metaspace</c> decoder: ▁ back to spaces, and the space the pre-tokenizer prepended dropped.</summary>
internal sealed class MetaspaceDecoder(char replacement, PrependScheme scheme) : ITokenDecoder
{
    /// <inheritdoc />
    public void DecodeChain(List<string> tokens)
    {
        for (int i = 0; i < tokens.Count; i++)
        {
            string text = tokens[i].Replace(replacement, ' ');
            if (i == 0 && scheme != PrependScheme.Never && text.StartsWith(' '))
            {
                text = text[1..];
            }

            tokens[i] = text;
        }
    }
}
