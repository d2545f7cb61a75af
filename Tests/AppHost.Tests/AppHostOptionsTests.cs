using AppHost.Hosting;

namespace AppHost.Tests;

public sealed class AppHostOptionsTests
{
    [Fact]
    public void PublishModeCacheAndReplicaOptionsAreRead()
    {
        var options = AppHostOptions.Parse(["--publisher", "manifest", "--output-path", "out/m.json", "--cache", "h:1", "--replicas", "inference=3", "--no-dashboard"]);

        Assert.Equal("manifest", options.Publisher);
        Assert.Equal("out/m.json", options.OutputPath);
        Assert.Equal("h:1", options.CacheConnectionString);
        Assert.Equal(3, options.Replicas["inference"]);
        Assert.True(options.NoDashboard);
    }

    [Theory]
    [InlineData("--replicas", "inference")]
    [InlineData("--replicas", "inference=0")]
    [InlineData("--replicas", "inference=x")]
    [InlineData("--publisher", "bicep")]
    [InlineData("--cache")]
    [InlineData("--verbose")]
    public void BadArgumentsAreRejectedWithAMessageNamingThem(params string[] args)
    {
        var error = Assert.Throws<ArgumentException>(() => AppHostOptions.Parse(args));

        Assert.Contains(args[^1], error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReplicasForAnUnknownResourceAreRejectedAtBuild()
    {
        var builder = DistributedApplicationBuilder.Create(AppHostOptions.Parse(["--replicas", "nosuch=2"]));
        builder.AddResource(new AppHost.Executables.ExecutableResource("tool", "true", "."));

        var error = Assert.Throws<ArgumentException>(builder.Build);

        Assert.Contains("nosuch", error.Message, StringComparison.Ordinal);
    }
}
