using AppHost.Cache;
using AppHost.Hosting;
using AppHost.Processes;

// The topology: cache → aggregator → inference. Each waits for the one before it to be healthy.
using var shutdown = new ShutdownSignal();
var readyTimeout = TimeSpan.FromSeconds(120);
var console = new ResourceConsole();

await using var cache = await CacheServer.StartAsync(new CacheServerOptions
{
    ConnectionString = CommandLine.Option(args, "--cache") ?? Environment.GetEnvironmentVariable("ConnectionStrings__cache"),
    AppendOnly = true,
    DataDirectory = Path.Combine(RepositoryLayout.RepoRoot, "artifacts", "apphost", "cache"),
}, shutdown.Token);
console.Resource("cache", cache.Kind + " " + cache.Endpoint.ToConnectionString(redactPassword: true));

var cacheEnv = new Dictionary<string, string> { ["ConnectionStrings__cache"] = cache.ConnectionString };
await using var aggregator = await ProjectProcess.StartAsync("aggregator", "Telemetry.Aggregator", cacheEnv, readyTimeout, console.Echo, shutdown.Token);
console.Resource("aggregator", aggregator.HttpEndpoint.ToString());

var inferenceEnv = new Dictionary<string, string>(cacheEnv) { ["services__aggregator__http__0"] = aggregator.HttpEndpoint.ToString().TrimEnd('/') };
await using var inference = await ProjectProcess.StartAsync("inference", "Inference.Api", inferenceEnv, readyTimeout, console.Echo, shutdown.Token);
console.Resource("inference", inference.HttpEndpoint.ToString());

console.Ready();
try
{
    await Task.Delay(Timeout.Infinite, shutdown.Token);
}
catch (OperationCanceledException)
{
    console.Stopping();
}
