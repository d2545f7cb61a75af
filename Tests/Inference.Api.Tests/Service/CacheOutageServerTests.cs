using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using TestSupport.Processes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using ServiceDefaults.Events;
using StackExchange.Redis;
using Tests.Shared;

namespace Inference.Api.Tests.Service;

/// <summary>The cache killed with SIGKILL mid-load: every request's event arrives exactly once after it returns.</summary>
public sealed class CacheOutageServerTests : IDisposable
{
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("outage-");
    private readonly int _port = FreePort.Next();

    public void Dispose() => _work.Delete(recursive: true);

    [Fact]
    public async Task EventsSentWhileTheCacheIsDownAreSpooledAndArriveExactlyOnceWhenItReturns()
    {
        var cache = StartRedis();
        await using var factory = new OutageFactory($"127.0.0.1:{_port}", Path.Combine(_work.FullName, "spool"));
        using var client = factory.CreateClient();
        var ids = new List<string>();

        await SendAsync(client, 20, ids);
        await WaitForQueueAsync(ids.Count);
        cache.Kill();
        await cache.DisposeAsync();
        await SendAsync(client, 30, ids);
        var health = JsonDocument.Parse(await client.GetStringAsync("/health")).RootElement;
        await using var restarted = StartRedis();

        var queued = await WaitForQueueAsync(ids.Count);

        Assert.Equal("Degraded", health.GetProperty("status").GetString());
        Assert.Equal(ids.Order(), queued.Order());
    }

    private static async Task SendAsync(HttpClient client, int count, List<string> ids)
    {
        for (var i = 0; i < count; i++)
        {
            using var response = await client.PostAsJsonAsync("/generate", new { prompt = "And it came to pass", max_tokens = 1 });
            response.EnsureSuccessStatusCode();
            ids.Add(JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!);
        }
    }

    private async Task<List<string>> WaitForQueueAsync(int expected)
    {
        // abortConnect=false: the cache may still be starting (or loading its AOF); the client reconnects on its own.
        await using var connection = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{_port},abortConnect=false");
        var redis = connection.GetDatabase();
        var ids = new List<string>();
        await Eventually.TrueAsync(async () =>
        {
            try
            {
                var items = await redis.ListRangeAsync(EventQueueKeys.Pending);
                ids = [.. items.Select(i => JsonSerializer.Deserialize((byte[])i!, TelemetryEventJsonContext.Default.TelemetryEvent)).OfType<RequestCompleted>().Select(e => e.RequestId)];
                return ids.Count >= expected;
            }
            catch (Exception e) when (e is RedisConnectionException or RedisTimeoutException || e is RedisServerException && e.Message.StartsWith("LOADING", StringComparison.Ordinal))
            {
                return false;
            }
        }, $"{expected} events on the queue", seen: () => $"{ids.Count} queued");
        return ids;
    }

    // AOF with fsync on every write: what was acknowledged before SIGKILL survives the restart.
    private ChildProcess StartRedis()
    {
        var info = new ProcessStartInfo(ExecutableLocator.Find("redis-server")!) { WorkingDirectory = _work.FullName };
        foreach (var arg in new[] { "--port", _port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", string.Empty,
                     "--appendonly", "yes", "--appendfsync", "always", "--dir", _work.FullName })
        {
            info.ArgumentList.Add(arg);
        }

        return ChildProcess.Start("redis-server", info);
    }

    private sealed class OutageFactory(string cache, string spool) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseSetting("ConnectionStrings:cache", cache);
            builder.UseSetting("Telemetry:Events:SpoolDirectory", spool);
            builder.UseSetting("Telemetry:Events:InitialRetryDelay", "00:00:00.100");
            builder.UseSetting("Telemetry:Events:MaxRetryDelay", "00:00:00.500");
            builder.UseSetting("Model:IntraOpThreads", "1");
        }
    }
}
