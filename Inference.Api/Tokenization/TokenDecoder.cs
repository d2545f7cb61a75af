using System.Globalization;
using System.Text;

namespace Inference.Api.Tokenization;

/// <summary>
/// Turns token ids back into bytes, the way the tokenizer.json decoder chain does for the two families this
/// engine supports: byte-level (GPT-2 alphabet back to bytes) and SentencePiece-style text (▁ to space,
/// <c>&lt;0xNN&gt;</c> byte-fallback tokens to raw bytes, leading spaces stripped). Working in bytes is what lets a
/// stream hold back half a UTF-8 character.
/// </summary>
internal sealed class TokenDecoder
{
    private readonly string[] _tokens;
    private readonly bool[] _special;
    private readonly bool[] _added;
    private readonly bool _byteLevel;
    private readonly IReadOnlyList<(string From, string To)> _replacements;
    private readonly bool _byteFallback;

    public TokenDecoder(string[] tokens, bool[] special, bool[] added, bool byteLevel, IReadOnlyList<(string, string)> replacements, bool byteFallback, int stripStart)
    {
        _tokens = tokens;
        _special = special;
        _added = added;
        _byteLevel = byteLevel;
        _replacements = replacements;
        _byteFallback = byteFallback;
        StripStart = stripStart;
    }

    /// <summary>Leading spaces removed from the start of a decoded sequence (SentencePiece's prepended ▁).</summary>
    public int StripStart { get; }

    /// <summary>Whether an id is a special token.</summary>
    public bool IsSpecial(int id) => (uint)id < (uint)_special.Length && _special[id];

    /// <summary>Appends the bytes of one token (nothing for an id out of range).</summary>
    public void AppendBytes(int id, List<byte> output)
    {
        if ((uint)id >= (uint)_tokens.Length || _tokens[id] is not { } token)
        {
            return;
        }

        if (_added[id])
        {
            output.AddRange(Encoding.UTF8.GetBytes(token));
            return;
        }

        if (_byteLevel)
        {
            foreach (var c in token)
            {
                if (ByteLevelAlphabet.TryToByte(c, out var b))
                {
                    output.Add(b);
                }
                else
                {
                    output.AddRange(Encoding.UTF8.GetBytes(c.ToString()));
                }
            }

            return;
        }

        if (_byteFallback && token.Length == 6 && token.StartsWith("<0x", StringComparison.Ordinal) && token[5] == '>'
            && byte.TryParse(token.AsSpan(3, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var raw))
        {
            output.Add(raw);
            return;
        }

        foreach (var (from, to) in _replacements)
        {
            token = token.Replace(from, to, StringComparison.Ordinal);
        }

        output.AddRange(Encoding.UTF8.GetBytes(token));
    }
}
