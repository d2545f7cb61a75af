using System.Globalization;
using System.Text;
using Inference.Api.Telemetry.Events;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Benchmarks.Api;

/// <summary>
/// <c>dotnet run -c Release --project bench/Benchmarks -- load-generate [seconds=20] [rate=1000] [logLevel=Information]</c>: the overhead
/// of <c>POST /generate</c> without the model. Inference.Api is hosted in this process on a real Kestrel loopback
/// port with its production registrations (service defaults, telemetry, admission, rate limiter, JSON logs at
/// Information) and a model that answers one token at once; the baseline, in the same run, is a bare ASP.NET Core
/// minimal API on another loopback port returning a constant JSON object. Both are driven open-loop at the same
/// rate by the same client; phases run baseline, generate, baseline so drift on a shared machine is visible.
/// </summary>
internal static class GenerateLoad
{
    private static readonly byte[] s_body = """{"prompt":"hello","max_tokens":1}"""u8.ToArray();

    /// <summary>Runs the phases and prints a Markdown table on the real stdout.</summary>
    public static async Task RunAsync(string[] args)
    {
        var seconds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 20;
        var rate = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1000;
        var logLevel = args.Length > 2 ? args[2] : "Information";
        var report = Console.Out;
        // The service's JSON log lines are formatted and queued as in production; only the final write to the
        // terminal is dropped, so the report stays readable.
        Console.SetOut(TextWriter.Null);
        var spool = Directory.CreateTempSubdirectory("bench-load-spool-");
        await using var service = await StartServiceAsync(spool.FullName, logLevel);
        await using var bare = await StartBareAsync();
        using var client = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = Timeout.InfiniteTimeSpan, UseProxy = false });
        var driver = new OpenLoopDriver(client);
        var generate = new Uri(Address(service), "/generate");
        var baseline = new Uri(Address(bare), "/baseline");

        report.WriteLine($"// warm-up: 3 s per endpoint at {rate} req/s");
        await driver.RunAsync(baseline, s_body, rate, TimeSpan.FromSeconds(3));
        await driver.RunAsync(generate, s_body, rate, TimeSpan.FromSeconds(3));

        report.WriteLine($"// measured: {seconds} s per phase at {rate} req/s, service log level {logLevel}; latency to the end of the body");
        report.WriteLine("| phase | requests | failures | achieved req/s | p50 ms | p99 ms | p99.9 ms | max ms | p50 / p99 / p99.9 ms from actual send | worst send lag ms |");
        report.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var (name, url) in new[] { ("baseline (bare minimal API)", baseline), ("POST /generate", generate), ("baseline again", baseline) })
        {
            var r = await driver.RunAsync(url, s_body, rate, TimeSpan.FromSeconds(seconds));
            report.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {r.Latencies.Length} | {r.Failures} | {r.AchievedRate:F0} | {r.QuantileMs(0.50):F3} | {r.QuantileMs(0.99):F3} | {r.QuantileMs(0.999):F3} | {r.QuantileMs(1):F3} | {r.FromSendQuantileMs(0.50):F3} / {r.FromSendQuantileMs(0.99):F3} / {r.FromSendQuantileMs(0.999):F3} | {r.MaxSendLag.TotalMilliseconds:F3} |"));
        }

        spool.Delete(recursive: true);
    }

    private static async Task<WebApplication> StartServiceAsync(string spool, string logLevel)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            // Inference.Api's shipped appsettings.json levels (this host's content root is the bench folder).
            ["Logging:LogLevel:Default"] = logLevel,
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
            ["Telemetry:Events:SpoolDirectory"] = spool,
            // One client sends everything here: the per-client token bucket (600/min by default) still runs on
            // every request, with a budget above the test's rate.
            ["Auth:RequestsPerMinute"] = "10000000",
        });
        builder.Services.AddSingleton<IEventSink, NullEventSink>();
        builder.AddServiceDefaults();
        builder.AddInferenceTelemetry();
        builder.AddInferenceApi();
        builder.Services.AddSingleton<IChatClient, OneTokenChatClient>();
        var app = builder.Build();
        app.MapInferenceApi();
        app.MapDefaultEndpoints();
        await app.StartAsync();
        return app;
    }

    private static async Task<WebApplication> StartBareAsync()
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var constant = Encoding.UTF8.GetBytes("""{"id":"x","model":"one-token","response":"ok","finish_reason":"length","usage":{"input_tokens":3,"output_tokens":1}}""");
        app.MapPost("/baseline", async (HttpContext context) =>
        {
            context.Response.ContentType = "application/json";
            await context.Response.Body.WriteAsync(constant);
        });
        await app.StartAsync();
        return app;
    }

    private static Uri Address(WebApplication app) =>
        new(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    private sealed class NullEventSink : IEventSink
    {
        public ValueTask PublishAsync(IReadOnlyList<ReadOnlyMemory<byte>> events, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }
}
