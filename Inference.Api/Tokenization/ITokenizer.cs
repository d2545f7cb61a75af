namespace Inference.Api.Tokenization;

/// <summary>
/// Text to token ids and back, as the model's <c>tokenizer.json</c> defines it. The generator and the chat
/// client depend on this seam only.
/// </summary>
internal interface ITokenizer
{
    /// <summary>Vocabulary size including added tokens (the largest id + 1).</summary>
    int VocabularySize { get; }

    /// <summary>
    /// Encodes <paramref name="text"/>. Added/special tokens written literally in the text (e.g. <c>&lt;|user|&gt;</c>)
    /// become their ids. No BOS/EOS is added here unless the tokenizer's post-processor says so and
    /// <paramref name="addSpecialTokens"/> is true.
    /// </summary>
    int[] Encode(string text, bool addSpecialTokens = false);

    /// <summary>Decodes ids to text; special tokens are dropped when <paramref name="skipSpecialTokens"/> is true.</summary>
    string Decode(ReadOnlySpan<int> ids, bool skipSpecialTokens = true);

    /// <summary>The id of a token string (vocabulary or added token), or null.</summary>
    int? TokenToId(string token);

    /// <summary>The token string of an id, or null when out of range.</summary>
    string? IdToToken(int id);

    /// <summary>A decoder for one generation stream that never emits half a UTF-8 character.</summary>
    ITokenStreamDecoder CreateStreamDecoder(bool skipSpecialTokens = true);
}

/// <summary>Incremental detokenization for one stream of generated ids.</summary>
internal interface ITokenStreamDecoder
{
    /// <summary>Adds one id; returns the text it completes (possibly empty while a UTF-8 sequence is incomplete).</summary>
    string Append(int tokenId);

    /// <summary>Returns whatever is still held back at the end of the stream (incomplete bytes become U+FFFD).</summary>
    string Flush();
}
