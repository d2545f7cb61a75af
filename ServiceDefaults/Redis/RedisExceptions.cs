namespace ServiceDefaults.Redis;

/// <summary>The server answered with an error reply (e.g. <c>NOSCRIPT</c>, <c>WRONGTYPE</c>).</summary>
public sealed class RedisServerException : Exception
{
    /// <summary>Creates the exception for <paramref name="command"/> with the server's message.</summary>
    public RedisServerException(string command, string serverMessage) : base($"Redis {command}: {serverMessage}") => ServerMessage = serverMessage;

    /// <summary>Creates the exception.</summary>
    public RedisServerException() => ServerMessage = string.Empty;

    /// <summary>Creates the exception.</summary>
    public RedisServerException(string message, Exception innerException) : base(message, innerException) => ServerMessage = message;

    /// <summary>The error line the server sent.</summary>
    public string ServerMessage { get; }
}

/// <summary>The connection failed or broke; commands in flight on it did not complete.</summary>
public sealed class RedisConnectionException : Exception
{
    /// <summary>Creates the exception.</summary>
    public RedisConnectionException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public RedisConnectionException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public RedisConnectionException(string message, Exception innerException) : base(message, innerException)
    {
    }
}

/// <summary>A command got no reply within its timeout.</summary>
public sealed class RedisTimeoutException : Exception
{
    /// <summary>Creates the exception.</summary>
    public RedisTimeoutException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public RedisTimeoutException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public RedisTimeoutException(string message, Exception innerException) : base(message, innerException)
    {
    }
}

/// <summary>The server sent bytes that are not RESP: the message says where and what was expected.</summary>
public sealed class RedisProtocolException : Exception
{
    /// <summary>Creates the exception.</summary>
    public RedisProtocolException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public RedisProtocolException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public RedisProtocolException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
