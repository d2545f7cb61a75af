namespace Inference.Api.Tokenization;

/// <summary>A <c>tokenizer.json</c> that cannot be loaded: malformed, or naming a component this tokenizer lacks.</summary>
internal sealed class TokenizerFormatException : Exception
{
    /// <summary>Creates the exception for the JSON element at <paramref name="jsonPath"/>.</summary>
    public TokenizerFormatException(string jsonPath, string message)
        : base($"tokenizer.json {jsonPath}: {message}") => JsonPath = jsonPath;

    /// <summary>Creates the exception with an inner cause (e.g. a JSON syntax error).</summary>
    public TokenizerFormatException(string jsonPath, string message, Exception inner)
        : base($"tokenizer.json {jsonPath}: {message}", inner) => JsonPath = jsonPath;

    /// <summary>Where in the document the problem is, e.g. <c>$.pre_tokenizer.pretokenizers[1].type</c>.</summary>
    public string JsonPath { get; }
}
