using AppHost.Hosting;
using AppHost.Projects;
using AppHost.Redis;

// The topology, as Aspire would read it: cache → aggregator → inference.
var builder = DistributedApplication.CreateBuilder(args);

var cache = builder.AddRedis("cache");

var aggregator = builder.AddProject<Projects.Telemetry_Aggregator>("aggregator")
    .WithReference(cache)
    .WaitFor(cache);

builder.AddProject<Projects.Inference_Api>("inference")
    .WithExternalHttpEndpoints()
    .WithReference(cache)
    .WithServiceReference(aggregator)
    .WaitFor(aggregator);

await builder.Build().RunAsync();
