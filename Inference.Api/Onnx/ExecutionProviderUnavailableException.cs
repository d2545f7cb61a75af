namespace Inference.Api.Onnx;

/// <summary>The configured execution provider cannot be used; the service refuses to start rather than fall back.</summary>
public sealed class ExecutionProviderUnavailableException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ExecutionProviderUnavailableException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public ExecutionProviderUnavailableException()
    {
    }

    /// <summary>Creates the exception around a cause.</summary>
    public ExecutionProviderUnavailableException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
