using System.Globalization;
using System.Text;
using System.Text.Json;
using Telemetry.Aggregator.Ingest;

namespace Telemetry.Aggregator.Tests.Ingest;

/// <summary>Label values come back as the reader's own string would, one instance per distinct value, within a bound.</summary>
public sealed class LabelCacheTests
{
    [Fact]
    public void TheSameValueReadTwiceIsOneStringEqualToWhatTheReaderReturns()
    {
        var cache = new LabelCache();

        var first = Read(cache, "\"kjv-5m\"");
        var second = Read(cache, "\"kjv-5m\"");

        Assert.Equal("kjv-5m", first);
        Assert.Same(first, second);
        Assert.Equal(1, cache.Count);
    }

    [Theory]
    [InlineData("null", null)]
    [InlineData("\"caf\\u00e9\"", "café")]
    [InlineData("\"tenant ü\"", "tenant ü")]
    [InlineData("\"\"", "")]
    public void NullsEscapesAndNonAsciiReadAsTheReaderReadsThem(string json, string? expected) =>
        Assert.Equal(expected, Read(new LabelCache(), json));

    [Fact]
    public void ANumberOrInvalidUtf8FailsAsTheReaderFails()
    {
        Assert.Throws<InvalidOperationException>(() => Read(new LabelCache(), "42"));
        byte[] invalid = [(byte)'"', 0xC3, 0x28, (byte)'"'];
        Assert.Throws<InvalidOperationException>(() => Read(new LabelCache(), invalid));
    }

    [Fact]
    public void PastTheBoundNewValuesAreStillReadButNotKept()
    {
        var cache = new LabelCache();
        for (var i = 0; i < LabelCache.MaxCached + 10; i++)
        {
            Assert.Equal("tenant-" + i.ToString(CultureInfo.InvariantCulture), Read(cache, $"\"tenant-{i}\""));
        }

        var late = "\"tenant-" + (LabelCache.MaxCached + 5).ToString(CultureInfo.InvariantCulture) + "\"";
        Assert.Equal(LabelCache.MaxCached, cache.Count);
        Assert.NotSame(Read(cache, late), Read(cache, late));
        Assert.Same(Read(cache, "\"tenant-7\""), Read(cache, "\"tenant-7\""));
    }

    private static string? Read(LabelCache cache, string json) => Read(cache, Encoding.UTF8.GetBytes(json));

    private static string? Read(LabelCache cache, byte[] json)
    {
        var reader = new Utf8JsonReader(json);
        reader.Read();
        return cache.Get(ref reader);
    }
}
