namespace AppHost.Cache;

/// <summary>
/// A Redis-protocol server (<c>redis-server</c> or Garnet) that DCP runs as a process, for machines without a
/// container runtime, where <c>AddRedis</c> would stay unhealthy. Services get the connection string in the form
/// Aspire's own Redis resource gives (<c>host:port,password=...</c>), so their <c>AddRedisClient("cache")</c> does
/// not know the difference.
/// </summary>
internal sealed class CacheServerResource(string name, CacheServerKind kind, string command, string workingDirectory, ParameterResource password)
    : ExecutableResource(name, command, workingDirectory), IResourceWithConnectionString
{
    /// <summary>The endpoint the server listens on; its port is allocated by DCP.</summary>
    internal const string PrimaryEndpointName = "tcp";

    private EndpointReference? _primaryEndpoint;

    /// <summary>Which server binary runs.</summary>
    public CacheServerKind Kind { get; } = kind;

    /// <summary>The generated password the server requires.</summary>
    public ParameterResource PasswordParameter { get; } = password;

    /// <summary>The <c>tcp</c> endpoint.</summary>
    public EndpointReference PrimaryEndpoint => _primaryEndpoint ??= new(this, PrimaryEndpointName);

    /// <inheritdoc />
    public ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create($"{PrimaryEndpoint.Property(EndpointProperty.HostAndPort)},password={PasswordParameter}");
}
