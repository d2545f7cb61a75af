using System.Text;

namespace Inference.Api.Tokenization;

/// <summary>
/// Turns byte-level alphabet characters back into UTF-8 bytes and decodes them (invalid sequences become U+FFFD).
/// Added tokens pass through as written, as the reference implementations do.
/// </summary>
internal sealed class ByteLevelDecoder(Func<string, bool> isAddedToken) : ITokenDecoder
{
    /// <inheritdoc />
    public void DecodeChain(List<string> tokens)
    {
        var result = new List<string>();
        var bytes = new List<byte>();
        Span<byte> own = stackalloc byte[4];
        foreach (var token in tokens)
        {
            if (isAddedToken(token))
            {
                Flush(bytes, result);
                result.Add(token);
                continue;
            }

            foreach (char c in token)
            {
                if (ByteLevelAlphabet.TryGetByte(c, out byte b))
                {
                    bytes.Add(b);
                }
                else
                {
                    // Not an alphabet character (a hand-edited vocabulary): keep the character's own bytes.
                    int n = Encoding.UTF8.GetBytes([c], own);
                    for (int i = 0; i < n; i++)
                    {
                        bytes.Add(own[i]);
                    }
                }
            }
        }

        Flush(bytes, result);
        tokens.Clear();
        tokens.AddRange(result);
    }

    private static void Flush(List<byte> bytes, List<string> result)
    {
        if (bytes.Count > 0)
        {
            result.Add(Encoding.UTF8.GetString(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(bytes)));
            bytes.Clear();
        }
    }
}
