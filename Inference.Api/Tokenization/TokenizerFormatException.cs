namespace Inference.Api.Tokenization;

/// <summary>A tokenizer.json that cannot be loaded: the message names the file, the JSON path and what is wrong.</summary>
public sealed class TokenizerFormatException : Exception
{
    /// <summary>Creates the exception.</summary>
    public TokenizerFormatException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public TokenizerFormatException()
    {
    }

    /// <summary>Creates the exception around a cause.</summary>
    public TokenizerFormatException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
