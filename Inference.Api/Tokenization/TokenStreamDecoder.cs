using System.Text;

namespace Inference.Api.Tokenization;

/// <summary>
/// Incremental detokenization for one stream: bytes of a character split across tokens are held back until the
/// character is complete, so a client never receives half a UTF-8 sequence (or a replacement character for one).
/// </summary>
internal sealed class TokenStreamDecoder(TokenDecoder decoder, bool skipSpecialTokens) : ITokenStreamDecoder
{
    private readonly List<byte> _pending = new(16);
    private int _toStrip = decoder.StripStart;

    public string Append(int tokenId)
    {
        if (skipSpecialTokens && decoder.IsSpecial(tokenId))
        {
            return string.Empty;
        }

        decoder.AppendBytes(tokenId, _pending);
        while (_toStrip > 0 && _pending.Count > 0 && _pending[0] == (byte)' ')
        {
            _pending.RemoveAt(0);
            _toStrip--;
        }

        if (_pending.Count > 0)
        {
            _toStrip = 0;
        }

        var complete = CompleteLength(_pending);
        if (complete == 0)
        {
            return string.Empty;
        }

        var text = Encoding.UTF8.GetString(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_pending)[..complete]);
        _pending.RemoveRange(0, complete);
        return text;
    }

    public string Flush()
    {
        var text = Encoding.UTF8.GetString(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_pending));
        _pending.Clear();
        return text;
    }

    /// <summary>
    /// Length of the prefix that does not end inside a multi-byte sequence: looks back at most three bytes for a
    /// lead byte whose sequence is not yet complete. Invalid bytes are released (they decode to U+FFFD).
    /// </summary>
    internal static int CompleteLength(List<byte> bytes)
    {
        var count = bytes.Count;
        for (var back = 1; back <= Math.Min(3, count); back++)
        {
            var b = bytes[count - back];
            if ((b & 0xC0) == 0x80)
            {
                continue; // continuation byte: keep looking for its lead
            }

            var needed = (b & 0xE0) == 0xC0 ? 2 : (b & 0xF0) == 0xE0 ? 3 : (b & 0xF8) == 0xF0 ? 4 : 1;
            return needed > back ? count - back : count;
        }

        return count;
    }
}
