using AppHost.Hosting;
using AppHost.Parameters;

namespace AppHost.Redis;

/// <summary>
/// The cache. Run mode: an external server, <c>redis-server</c> from PATH or Garnet (see <c>CacheServer</c>).
/// Publish mode: a Redis container with a generated password, as Aspire 9 emits it.
/// </summary>
public sealed class RedisResource : Resource, IResourceWithConnectionString
{
    /// <summary>The image deployed (the tag Aspire 9.x pins).</summary>
    public const string Image = "docker.io/library/redis:8.2";

    /// <summary>Redis's port inside the container.</summary>
    public const int TargetPort = 6379;

    internal RedisResource(string name, ParameterResource password) : base(name)
    {
        Password = password;
        Endpoints.Add(new EndpointDefinition("tcp", "tcp", "tcp", TargetPort));
        ConnectionString = new EnvironmentValue(
            "{" + name + ".bindings.tcp.host}:{" + name + ".bindings.tcp.port},password=" + password.ValueExpression,
            state => state.ConnectionString(name));
    }

    /// <summary>The generated password parameter.</summary>
    public ParameterResource Password { get; }

    /// <inheritdoc />
    public EnvironmentValue ConnectionString { get; }
}
