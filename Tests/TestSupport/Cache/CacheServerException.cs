namespace TestSupport.Cache;

/// <summary>The cache server could not be started or did not become ready.</summary>
public sealed class CacheServerException : Exception
{
    /// <summary>Creates the exception with a message that names the server and what went wrong.</summary>
    public CacheServerException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with no message.</summary>
    public CacheServerException()
    {
    }

    /// <summary>Creates the exception wrapping an inner one.</summary>
    public CacheServerException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
