using System.Buffers;
using System.Text;
using ServiceDefaults.Redis;

namespace ServiceDefaults.Tests.Redis;

public sealed class RespParserTests
{
    public static readonly string[] ValidFrames =
    [
        "+OK\r\n",
        "-ERR unknown command\r\n",
        ":-42\r\n",
        "$5\r\nhello\r\n",
        "$0\r\n\r\n",
        "$-1\r\n",
        "*-1\r\n",
        "*3\r\n:1\r\n$3\r\nfoo\r\n*2\r\n+a\r\n_\r\n",
        "%2\r\n+k1\r\n:1\r\n+k2\r\n#t\r\n",
        "~2\r\n,3.14\r\n(12345678901234567890\r\n",
        "=15\r\ntxt:Some string\r\n",
        "|1\r\n+ttl\r\n:3600\r\n+value\r\n",
    ];

    [Fact]
    public void EveryReplyKindParses()
    {
        Assert.Equal("OK", Parse("+OK\r\n").AsString());
        Assert.Equal(RedisValueKind.Error, Parse("-ERR x\r\n").Kind);
        Assert.Equal(-42, Parse(":-42\r\n").Integer);
        Assert.Equal("hello", Parse("$5\r\nhello\r\n").AsString());
        Assert.True(Parse("$-1\r\n").IsNull);
        var nested = Parse("*3\r\n:1\r\n$3\r\nfoo\r\n*2\r\n+a\r\n_\r\n");
        Assert.Equal(3, nested.Items!.Length);
        Assert.True(nested.Items[2].Items![1].IsNull);
        Assert.Equal(4, Parse("%2\r\n+k1\r\n:1\r\n+k2\r\n#t\r\n").Items!.Length);
        Assert.Equal("value", Parse("|1\r\n+ttl\r\n:3600\r\n+value\r\n").AsString());
    }

    [Theory]
    [MemberData(nameof(Frames))]
    public void AFrameSplitAtAnyByteParsesOnlyOnceComplete(string frame)
    {
        var bytes = Encoding.UTF8.GetBytes(frame);
        for (var cut = 0; cut < bytes.Length; cut++)
        {
            var partial = new ReadOnlySequence<byte>(bytes, 0, cut);
            Assert.False(RespParser.TryParse(ref partial, out _), $"parsed a frame cut at {cut}");
        }

        var whole = new ReadOnlySequence<byte>(bytes);
        Assert.True(RespParser.TryParse(ref whole, out _));
        Assert.Equal(0, whole.Length);
    }

    [Theory]
    [MemberData(nameof(Frames))]
    public void AFrameArrivingByteByByteWithAResumedProbeParsesOnceCompleteAndTheSame(string frame)
    {
        // As the read loop does it: the same probe across attempts on a growing buffer with a fixed start.
        var bytes = Encoding.UTF8.GetBytes(frame + ":7\r\n");
        var probe = default(RespProbe);
        for (var cut = 0; cut < frame.Length; cut++)
        {
            var partial = new ReadOnlySequence<byte>(bytes, 0, cut);
            Assert.False(RespParser.TryParse(ref partial, ref probe, out _), $"parsed a frame cut at {cut}");
        }

        var whole = new ReadOnlySequence<byte>(bytes);
        Assert.True(RespParser.TryParse(ref whole, ref probe, out var resumed));
        Assert.Equal(default, probe);
        Assert.True(RespParser.TryParse(ref whole, ref probe, out var next));
        Assert.Equal(7, next.Integer);
        var fresh = new ReadOnlySequence<byte>(bytes);
        Assert.True(RespParser.TryParse(ref fresh, out var expected));
        Assert.Equal(Describe(expected), Describe(resumed));
    }

    [Fact]
    public void AMalformedElementFoundAfterAResumeStillFails()
    {
        var bytes = Encoding.UTF8.GetBytes("*3\r\n$3\r\nabc\r\n$3\r\nxyzQQ$1\r\nz\r\n");
        var probe = default(RespProbe);
        var first = new ReadOnlySequence<byte>(bytes, 0, 14);
        Assert.False(RespParser.TryParse(ref first, ref probe, out _));
        Assert.NotEqual(default, probe);

        var rest = new ReadOnlySequence<byte>(bytes);
        Assert.Throws<RedisProtocolException>(() => RespParser.TryParse(ref rest, ref probe, out _));
    }

    private static string Describe(RedisValue value) =>
        value.Items is { } items ? $"{value.Kind}[{string.Join(",", items.Select(Describe))}]" : $"{value.Kind}:{value.AsString()}:{(value.Kind == RedisValueKind.Integer ? value.Integer : 0)}";

    [Theory]
    [InlineData("?garbage\r\n", "Unknown RESP type")]
    [InlineData(":12a\r\n", "not an integer")]
    [InlineData("$3\r\nabcXY", "not followed by CRLF")]
    [InlineData("$-7\r\n", "out of range")]
    [InlineData("*999999999999\r\n", "out of range")]
    [InlineData("#x\r\n", "boolean")]
    public void MalformedRepliesFailWithAClearProtocolError(string frame, string expected)
    {
        var buffer = new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(frame));

        var error = Assert.Throws<RedisProtocolException>(() => RespParser.TryParse(ref buffer, out _));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DeepNestingIsRefusedInsteadOfOverflowingTheStack()
    {
        var frame = string.Concat(Enumerable.Repeat("*1\r\n", 10_000)) + ":1\r\n";
        var buffer = new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(frame));

        Assert.Throws<RedisProtocolException>(() => RespParser.TryParse(ref buffer, out _));
    }

    [Fact]
    public void FuzzedRepliesNeverHangCrashOrThrowAnythingButAProtocolError()
    {
        var random = new Random(20261122);
        var corpus = ValidFrames.Select(Encoding.UTF8.GetBytes).ToArray();
        for (var iteration = 0; iteration < 20_000; iteration++)
        {
            var bytes = (byte[])corpus[random.Next(corpus.Length)].Clone();
            switch (random.Next(4))
            {
                case 0:
                    bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
                    break;
                case 1:
                    bytes = bytes[..random.Next(bytes.Length)];
                    break;
                case 2:
                    bytes = [.. bytes, .. corpus[random.Next(corpus.Length)]];
                    bytes[random.Next(bytes.Length)] ^= (byte)(1 << random.Next(8));
                    break;
                default:
                    bytes = new byte[random.Next(1, 64)];
                    random.NextBytes(bytes);
                    break;
            }

            var buffer = new ReadOnlySequence<byte>(bytes);
            try
            {
                // Bounded: each successful parse consumes at least one byte.
                for (var guard = 0; guard <= bytes.Length && RespParser.TryParse(ref buffer, out _); guard++)
                {
                }
            }
            catch (RedisProtocolException)
            {
            }
        }
    }

    public static TheoryData<string> Frames() => [.. ValidFrames];

    private static RedisValue Parse(string frame)
    {
        var buffer = new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(frame));
        Assert.True(RespParser.TryParse(ref buffer, out var value));
        return value;
    }
}
