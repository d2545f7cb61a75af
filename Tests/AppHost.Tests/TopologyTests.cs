using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using AppHost.Cache;

namespace AppHost.Tests;

/// <summary>The resource graph the AppHost declares, read from Aspire's model without starting anything.</summary>
public sealed class TopologyTests
{
    [Fact]
    public async Task TheServicesWaitForTheCacheAndTheInferenceForTheAggregatorAndBothAreHealthChecked()
    {
        await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>();

        var aggregator = Project(builder, "aggregator");
        var inference = Project(builder, "inference");

        Assert.Equal(["cache"], WaitsFor(aggregator));
        Assert.Equal(["aggregator", "cache"], WaitsFor(inference).Order(StringComparer.Ordinal));
        Assert.Contains(aggregator.Annotations, a => a is HealthCheckAnnotation);
        Assert.Contains(inference.Annotations, a => a is HealthCheckAnnotation);
        Assert.True(inference.Annotations.OfType<EndpointAnnotation>().Single().IsExternal);
        Assert.False(aggregator.Annotations.OfType<EndpointAnnotation>().Single().IsExternal);
    }

    [Fact]
    public async Task WithoutAConnectionStringOrContainerRuntimeTheCacheIsAServerProcessWithAPassword()
    {
        Assert.Null(HostProbes.HealthyContainerRuntime(null));
        await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>();

        var cache = Assert.IsType<CacheServerResource>(builder.Resources.Single(r => r.Name == "cache"));

        Assert.Equal(HostProbes.FindOnPath("redis-server") is null ? CacheServerKind.Garnet : CacheServerKind.RedisServer, cache.Kind);
        Assert.Equal("{cache.bindings.tcp.host}:{cache.bindings.tcp.port},password={cache-password.value}", cache.ConnectionStringExpression.ValueExpression);
        Assert.False(cache.Annotations.OfType<EndpointAnnotation>().Single().IsProxied);
    }

    [Fact]
    public async Task AConfiguredConnectionStringIsUsedAsTheCacheAndNoServerIsAdded()
    {
        await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(["--ConnectionStrings:cache=10.1.2.3:6380,password=secret"]);

        var cache = Assert.IsAssignableFrom<IResourceWithConnectionString>(builder.Resources.Single(r => r.Name == "cache"));

        Assert.IsNotType<CacheServerResource>(cache);
        Assert.Equal("10.1.2.3:6380,password=secret", await cache.GetConnectionStringAsync());
        Assert.DoesNotContain(builder.Resources, r => r is CacheServerResource);
    }

    [Fact]
    public async Task ReplicasComeFromConfiguration()
    {
        await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(["--Replicas:inference=2"]);

        Assert.Equal(2, Project(builder, "inference").Annotations.OfType<ReplicaAnnotation>().Single().Replicas);
        Assert.Empty(Project(builder, "aggregator").Annotations.OfType<ReplicaAnnotation>());
    }

    [Theory]
    [InlineData("0")]
    [InlineData("two")]
    public async Task AnUnusableReplicaCountStopsTheAppHostNamingTheSetting(string value)
    {
        var error = await Assert.ThrowsAsync<DistributedApplicationException>(
            () => DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>([$"--Replicas:aggregator={value}"]));

        Assert.Contains("Replicas:aggregator", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunModeDeclaresNoApiKeyTheLocalApiStaysOpen()
    {
        await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>();

        Assert.DoesNotContain(builder.Resources, r => r.Name == "inference-api-key");
    }

    private static ProjectResource Project(IDistributedApplicationTestingBuilder builder, string name) =>
        builder.Resources.OfType<ProjectResource>().Single(r => r.Name == name);

    private static string[] WaitsFor(IResource resource) =>
        [.. resource.Annotations.OfType<WaitAnnotation>().Select(w => w.Resource.Name)];
}
