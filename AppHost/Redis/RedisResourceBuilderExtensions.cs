using AppHost.Hosting;
using AppHost.Parameters;

namespace AppHost.Redis;

/// <summary>Adds the cache resource.</summary>
public static class RedisResourceBuilderExtensions
{
    /// <summary>Adds a Redis cache named <paramref name="name"/> with a secret password parameter <c>{name}-password</c>.</summary>
    public static IResourceBuilder<RedisResource> AddRedis(this DistributedApplicationBuilder builder, string name)
    {
        var password = builder.AddResource(new ParameterResource(name + "-password", secret: true)).Resource;
        return builder.AddResource(new RedisResource(name, password));
    }
}
