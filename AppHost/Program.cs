using AppHost;
using AppHost.Cache;

// The topology: cache → aggregator → inference. The inference API is the only external endpoint.
var builder = DistributedApplication.CreateBuilder(args);

var cache = builder.AddCache("cache");

// The services have no launch profiles: their one http endpoint is declared here, its port allocated by DCP.
var aggregator = builder.AddProject<Projects.Telemetry_Aggregator>("aggregator")
    .WithHttpEndpoint()
    .WithReference(cache)
    .WaitFor(cache)
    .WithHttpHealthCheck("/health")
    .WithReplicasFromConfiguration()
    .WithDashboardLinks();

builder.AddProject<Projects.Inference_Api>("inference")
    .WithHttpEndpoint()
    .WithExternalHttpEndpoints()
    .WithReference(cache)
    .WaitFor(cache)
    .WaitFor(aggregator)
    .WithHttpHealthCheck("/health")
    .WithReplicasFromConfiguration()
    .WithApiKeyWhenPublished()
    .WithOverviewLink(aggregator);

await builder.Build().RunAsync();
