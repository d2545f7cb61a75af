namespace Inference.Api.Tokenization;

/// <summary>
/// GPT-2's reversible map between the 256 byte values and printable characters, used by byte-level BPE so that
/// every byte sequence has a token spelling (printable ASCII and Latin-1 map to themselves, the rest to U+0100 on).
/// </summary>
internal static class ByteLevelAlphabet
{
    private static readonly char[] s_byteToChar = Build();
    private static readonly Dictionary<char, byte> s_charToByte = Enumerable.Range(0, 256).ToDictionary(b => s_byteToChar[b], b => (byte)b);

    /// <summary>The character that spells <paramref name="value"/>.</summary>
    public static char ToChar(byte value) => s_byteToChar[value];

    /// <summary>The byte a character spells, or false when it is not in the alphabet.</summary>
    public static bool TryToByte(char c, out byte value) => s_charToByte.TryGetValue(c, out value);

    private static char[] Build()
    {
        var map = new char[256];
        var assigned = new bool[256];
        foreach (var (from, to) in new[] { ('!', '~'), ('¡', '¬'), ('®', 'ÿ') })
        {
            for (var c = from; c <= to; c++)
            {
                map[c] = c;
                assigned[c] = true;
            }
        }

        var next = 256;
        for (var b = 0; b < 256; b++)
        {
            if (!assigned[b])
            {
                map[b] = (char)next++;
            }
        }

        return map;
    }
}
