using AppHost.Cache;

namespace AppHost.Tests;

public sealed class CacheEndpointTests
{
    [Theory]
    [InlineData("localhost:6380", "localhost", 6380, null)]
    [InlineData("cache:6379,password=p@ss=word,ssl=false", "cache", 6379, "p@ss=word")]
    [InlineData("10.0.0.5", "10.0.0.5", 6379, null)]
    [InlineData("[::1]:7000", "::1", 7000, null)]
    public void AspireConnectionStringsParse(string connectionString, string host, int port, string? password)
    {
        var endpoint = CacheEndpoint.Parse(connectionString);

        Assert.Equal(new CacheEndpoint(host, port, password), endpoint);
    }

    [Theory]
    [InlineData("")]
    [InlineData("host:notaport")]
    public void MalformedConnectionStringsAreRejectedClearly(string connectionString)
    {
        Assert.Throws<FormatException>(() => CacheEndpoint.Parse(connectionString));
    }
}
