using ServiceDefaults.Redis;

namespace ServiceDefaults.Tests.Redis;

/// <summary>What the client must do against any server the product supports; run against Redis and Garnet.</summary>
public abstract class RedisClientContract(CacheFixture fixture) : IAsyncLifetime
{
    private RedisClient _client = null!;
    private readonly string _prefix = "t:" + Guid.NewGuid().ToString("N")[..8] + ":";

    public Task InitializeAsync()
    {
        _client = new RedisClient(RedisOptions.Parse(fixture.Server.ConnectionString));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _client.DisposeAsync();

    [Fact]
    public async Task TheCommandsTheServicesUseRoundTrip()
    {
        var k = _prefix;
        Assert.Equal("OK", (await _client.ExecuteAsync("SET", [k + "s", "héllo"])).AsString());
        Assert.Equal("héllo", (await _client.ExecuteAsync("GET", [k + "s"])).AsString());
        Assert.True((await _client.ExecuteAsync("GET", [k + "missing"])).IsNull);
        Assert.Equal(7, (await _client.ExecuteAsync("INCRBY", [k + "n", 7L])).Integer);
        await _client.ExecuteAsync("HINCRBY", [k + "h", "a", 2L]);
        await _client.ExecuteAsync("HINCRBY", [k + "h", "b", 3L]);
        var hash = (await _client.ExecuteAsync("HGETALL", [k + "h"])).Items!.Select(i => i.AsString()).ToArray();
        Assert.Equal(["a", "2", "b", "3"], hash.Chunk(2).OrderBy(p => p[0]).SelectMany(p => p));
        Assert.Equal(3, (await _client.ExecuteAsync("LPUSH", [k + "l", "1", "2", "3"])).Integer);
        Assert.Equal(["3", "2", "1"], (await _client.ExecuteAsync("LRANGE", [k + "l", 0L, -1L])).Items!.Select(i => i.AsString()));
        await _client.ExecuteAsync("ZADD", [k + "z", 2.5, "b", 1.0, "a"]);
        Assert.Equal(["a", "b"], (await _client.ExecuteAsync("ZRANGEBYSCORE", [k + "z", "-inf", "+inf"])).Items!.Select(i => i.AsString()));
        Assert.Equal(1, (await _client.ExecuteAsync("EXPIRE", [k + "s", 60L])).Integer);
        Assert.Equal(5, (await _client.ExecuteAsync("DEL", [k + "s", k + "n", k + "h", k + "l", k + "z"])).Integer);
    }

    [Fact]
    public async Task TenThousandPipelinedCommandsGetTheirRepliesInOrder()
    {
        var commands = Enumerable.Range(0, 10_000).Select(i => ("INCRBY", new object[] { _prefix + "p", 1L })).ToList();

        var replies = await _client.ExecuteBatchAsync(commands);

        Assert.Equal(Enumerable.Range(1, 10_000).Select(i => (long)i), replies.Select(r => r.Integer));
    }

    [Fact]
    public async Task ConcurrentCallersEachGetTheirOwnReply()
    {
        var tasks = Enumerable.Range(0, 64).Select(async t =>
        {
            var seen = new List<(string, string?)>();
            for (var i = 0; i < 50; i++)
            {
                var key = $"{_prefix}c:{t}:{i}";
                await _client.ExecuteAsync("SET", [key, key]);
                seen.Add((key, (await _client.ExecuteAsync("GET", [key])).AsString()));
            }

            return seen;
        });

        foreach (var (key, value) in (await Task.WhenAll(tasks)).SelectMany(s => s))
        {
            Assert.Equal(key, value);
        }
    }

    [Fact]
    public async Task ScriptsRunBySha1AndAreReloadedAfterTheServerForgetsThem()
    {
        var script = new RedisScript("return redis.call('INCRBY', KEYS[1], ARGV[1])");

        Assert.Equal(5, (await _client.ScriptEvaluateAsync(script, [_prefix + "sc"], [5L])).Integer);
        await _client.ExecuteAsync("SCRIPT", ["FLUSH"]);
        Assert.Equal(8, (await _client.ScriptEvaluateAsync(script, [_prefix + "sc"], [3L])).Integer);
    }

    [Fact]
    public async Task AServerErrorIsRaisedWithTheServersMessageAndTheConnectionStaysUsable()
    {
        await _client.ExecuteAsync("SET", [_prefix + "str", "x"]);

        var error = await Assert.ThrowsAsync<RedisServerException>(() => _client.ExecuteAsync("LPUSH", [_prefix + "str", "y"]));

        Assert.Contains("WRONGTYPE", error.Message, StringComparison.Ordinal);
        Assert.Equal("PONG", (await _client.ExecuteAsync("PING", [])).AsString());
    }
}

public sealed class RedisClientOnRedisServerTests(RedisFixture fixture) : RedisClientContract(fixture), IClassFixture<RedisFixture>;

public sealed class RedisClientOnGarnetServerTests(GarnetFixture fixture) : RedisClientContract(fixture), IClassFixture<GarnetFixture>;
