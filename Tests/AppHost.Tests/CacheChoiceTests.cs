using AppHost.Cache;

namespace AppHost.Tests;

public sealed class CacheChoiceTests
{
    private static readonly Func<string?> s_noRuntime = () => null;
    private static readonly Func<string?> s_noRedisServer = () => null;

    [Fact]
    public void PublishModeAlwaysDescribesTheRedisContainerWhateverTheMachineHas()
    {
        var choice = CacheChoice.Make(publishMode: true, "10.0.0.1:6379", () => throw new InvalidOperationException("probed"), () => "/usr/bin/redis-server");

        Assert.Equal(CacheServerKind.Container, choice.Kind);
    }

    [Fact]
    public void AConfiguredConnectionStringWinsAndNothingIsProbed()
    {
        var choice = CacheChoice.Make(publishMode: false, "10.0.0.1:6379,password=x", () => throw new InvalidOperationException("probed"), () => throw new InvalidOperationException("probed"));

        Assert.Equal(CacheServerKind.External, choice.Kind);
        Assert.Contains("ConnectionStrings:cache", choice.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void AHealthyContainerRuntimeRunsAspiresRedisContainer()
    {
        var choice = CacheChoice.Make(publishMode: false, null, () => "podman", () => "/usr/bin/redis-server");

        Assert.Equal(CacheServerKind.Container, choice.Kind);
        Assert.Contains("podman", choice.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void WithoutARuntimeRedisServerFromPathRuns()
    {
        var choice = CacheChoice.Make(publishMode: false, "  ", s_noRuntime, () => "/opt/bin/redis-server");

        Assert.Equal(CacheServerKind.RedisServer, choice.Kind);
        Assert.Contains("/opt/bin/redis-server", choice.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void WithNeitherRuntimeNorRedisServerThePinnedGarnetRuns()
    {
        var choice = CacheChoice.Make(publishMode: false, null, s_noRuntime, s_noRedisServer);

        Assert.Equal(CacheServerKind.Garnet, choice.Kind);
        Assert.Contains("garnet-server", choice.Reason, StringComparison.Ordinal);
    }
}
