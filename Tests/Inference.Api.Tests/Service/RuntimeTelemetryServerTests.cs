using System.Diagnostics;
using System.Net.Http.Json;
using TestSupport.Cache;
using TestSupport.Processes;
using Tests.Shared;

namespace Inference.Api.Tests.Service;

/// <summary>
/// The ONNX Runtime libraries' usage telemetry stays off: a service process on the GenAI engine (which loads ORT 1.32
/// and ORT GenAI), with HOME pointed at an empty folder, serves a request and leaves nothing under it.
/// </summary>
public sealed class RuntimeTelemetryServerTests : IAsyncLifetime
{
    private readonly DirectoryInfo _home = Directory.CreateTempSubdirectory("ort-home-");
    private CacheServer _cache = null!;

    public async Task InitializeAsync() => _cache = await CacheServer.StartAsync(new CacheServerOptions { Kind = CacheServerKind.Redis });

    public async Task DisposeAsync()
    {
        await _cache.DisposeAsync();
        _home.Delete(recursive: true);
    }

    [Fact]
    public async Task AGenAiRunLeavesNoRuntimeTelemetryFiles()
    {
        var port = FreePort.Next();
        var info = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Inference.Api.dll"), "--urls", $"http://127.0.0.1:{port}"])
        {
            RedirectStandardOutput = true,
            Environment =
            {
                ["HOME"] = _home.FullName,
                ["XDG_CACHE_HOME"] = null,
                ["Model__Engine"] = "genai",
                ["Model__IntraOpThreads"] = "1",
                ["ConnectionStrings__cache"] = _cache.ConnectionString,
                ["Telemetry__Events__SpoolDirectory"] = Path.Combine(_home.FullName, "spool"),
            },
        };
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
            await WaitReadyAsync(client, process);

            using var response = await client.PostAsJsonAsync("/generate", new { prompt = "And God said,", max_tokens = 8 });

            response.EnsureSuccessStatusCode();
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            using var exit = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            await process.WaitForExitAsync(exit.Token);
        }

        var left = Directory.EnumerateFileSystemEntries(_home.FullName, "*", SearchOption.AllDirectories)
            .Where(p => !p.StartsWith(Path.Combine(_home.FullName, "spool"), StringComparison.Ordinal)).ToList();
        Assert.True(left.Count == 0, "files left under HOME: " + string.Join(", ", left) + "\n" + await output);
    }

    /// <summary>Bounds the service process's start (model load included) on a loaded 2-core machine.</summary>
    private static readonly TimeSpan s_startBound = TimeSpan.FromSeconds(60);

    private static Task WaitReadyAsync(HttpClient client, Process process) => Eventually.TrueAsync(async () =>
    {
        Assert.False(process.HasExited, "the service exited before it became ready");
        try
        {
            using var health = await client.GetAsync("/health");
            return health.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false; // not listening yet
        }
    }, "the service to answer /health", s_startBound);
}
