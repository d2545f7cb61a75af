namespace Inference.Api.Onnx;

/// <summary>The prompt does not leave room for the requested output within the model's context.</summary>
public sealed class PromptTooLongException : Exception
{
    /// <summary>Creates the exception with the figures the client needs to fix the request.</summary>
    public PromptTooLongException(int promptTokens, int contextLength, int maxTokens)
        : base($"The prompt is {promptTokens} tokens; with max_tokens {maxTokens} it must be at most {Math.Max(0, contextLength - maxTokens)} tokens (the model's context is {contextLength} tokens).")
    {
        PromptTokens = promptTokens;
        ContextLength = contextLength;
        MaxTokens = maxTokens;
    }

    /// <summary>Creates the exception.</summary>
    public PromptTooLongException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public PromptTooLongException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public PromptTooLongException(string message, Exception innerException) : base(message, innerException)
    {
    }

    /// <summary>Tokens in the prompt.</summary>
    public int PromptTokens { get; }

    /// <summary>The model's context length.</summary>
    public int ContextLength { get; }

    /// <summary>The requested output budget.</summary>
    public int MaxTokens { get; }
}
