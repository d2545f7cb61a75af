namespace Inference.Api.Tokenization;

/// <summary>The <c>Strip</c> decoder: removes up to <c>start</c> leading and <c>stop</c> trailing <c>content</c> characters per token.</summary>
internal sealed class StripDecoder(char content, int start, int stop) : ITokenDecoder
{
    /// <inheritdoc />
    public void DecodeChain(List<string> tokens)
    {
        for (int t = 0; t < tokens.Count; t++)
        {
            string token = tokens[t];
            int from = 0;
            while (from < start && from < token.Length && token[from] == content)
            {
                from++;
            }

            int to = token.Length;
            while (token.Length - to < stop && to > from && token[to - 1] == content)
            {
                to--;
            }

            tokens[t] = token[from..to];
        }
    }
}
