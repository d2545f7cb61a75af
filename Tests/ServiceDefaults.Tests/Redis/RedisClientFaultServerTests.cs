using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using TestSupport.Processes;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using ServiceDefaults.Redis;

namespace ServiceDefaults.Tests.Redis;

public sealed class RedisClientFaultServerTests
{
    [Fact]
    public async Task AfterTheServerDiesCommandsFailClearlyAndTheClientReconnectsWhenItIsBack()
    {
        var port = FreePort.Next();
        var server = StartRedis(port);
        await using var client = new RedisClient(RedisOptions.Parse($"127.0.0.1:{port}"));
        await WaitForAsync(async () => await TryPingAsync(client));

        await server.DisposeAsync();
        await Assert.ThrowsAsync<RedisConnectionException>(() => client.ExecuteAsync("PING", []));

        await using var restarted = StartRedis(port);
        await WaitForAsync(async () => await TryPingAsync(client));
        Assert.Equal("v", (await client.ExecuteBatchAsync([("SET", ["k", "v"]), ("GET", ["k"])]))[1].AsString());
    }

    [Fact]
    public async Task AServerThatNeverAnswersTimesOutNamingTheCommand()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var port = ((IPEndPoint)silent.LocalEndpoint).Port;
        await using var client = new RedisClient(RedisOptions.Parse($"127.0.0.1:{port},syncTimeout=300"));
        var watch = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<RedisTimeoutException>(() => client.ExecuteAsync("GET", ["k"]));

        Assert.Contains("GET", error.Message, StringComparison.Ordinal);
        Assert.InRange(watch.Elapsed, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task APasswordProtectedServerAcceptsTheRightPasswordAndRefusesAWrongOne()
    {
        var port = FreePort.Next();
        await using var server = StartRedis(port, "--requirepass", "s3cret-pass");
        await using var wrong = new RedisClient(RedisOptions.Parse($"127.0.0.1:{port},password=nope"));
        await using var right = new RedisClient(RedisOptions.Parse($"127.0.0.1:{port},password=s3cret-pass,defaultDatabase=3"));
        await WaitForAsync(async () => await TryPingAsync(right));

        var error = await Assert.ThrowsAsync<RedisConnectionException>(() => wrong.ExecuteAsync("PING", []));
        await right.ExecuteAsync("SET", ["db3", "yes"]);

        Assert.DoesNotContain("nope", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, (await right.ExecuteAsync("DBSIZE", [])).Integer);
    }

    [Fact]
    public async Task TheHealthCheckIsHealthyWithAServerAndDegradedWithout()
    {
        var port = FreePort.Next();
        var server = StartRedis(port);
        await using var client = new RedisClient(RedisOptions.Parse($"127.0.0.1:{port}"));
        var check = new RedisHealthCheck(() => client);
        var context = new HealthCheckContext { Registration = new HealthCheckRegistration("cache", check, HealthStatus.Degraded, null) };
        await WaitForAsync(async () => await TryPingAsync(client));

        Assert.Equal(HealthStatus.Healthy, (await check.CheckHealthAsync(context)).Status);
        await server.DisposeAsync();
        var down = await check.CheckHealthAsync(context);

        Assert.Equal(HealthStatus.Degraded, down.Status);
        Assert.Contains("unreachable", down.Description, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("localhost:6380,password=p,defaultDatabase=2,name=svc,syncTimeout=250", "localhost", 6380, 2)]
    [InlineData("cache:6379,ssl=false,abortConnect=false", "cache", 6379, 0)]
    public void AspireConnectionStringsParse(string text, string host, int port, int db)
    {
        var options = RedisOptions.Parse(text);

        Assert.Equal((host, port, db), (options.Host, options.Port, options.Database));
    }

    [Theory]
    [InlineData("h:notaport")]
    [InlineData("h:1,ssl=true")]
    [InlineData("h:1,defaultDatabase=x")]
    public void BadConnectionStringsAreRefusedWithoutEchoingSecrets(string text)
    {
        var error = Assert.Throws<FormatException>(() => RedisOptions.Parse(text + ",password=topsecret"));

        Assert.DoesNotContain("topsecret", error.Message, StringComparison.Ordinal);
    }

    private static ChildProcess StartRedis(int port, params string[] extra)
    {
        var info = new ProcessStartInfo(ExecutableLocator.Find("redis-server")!) { WorkingDirectory = Path.GetTempPath() };
        foreach (var arg in new[] { "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", string.Empty, "--appendonly", "no" }.Concat(extra))
        {
            info.ArgumentList.Add(arg);
        }

        return ChildProcess.Start("redis-server", info);
    }

    private static async Task<bool> TryPingAsync(RedisClient client)
    {
        try
        {
            return (await client.ExecuteAsync("PING", [])).AsString() == "PONG";
        }
        catch (Exception e) when (e is RedisConnectionException or RedisTimeoutException)
        {
            return false;
        }
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met within 20 s");
            await Task.Delay(100);
        }
    }
}
