using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Hosting;

namespace ServiceDefaults.Tests.Observability;

public sealed class ProbeTracingTests
{
    [Fact]
    public async Task HealthAndMetricsRequestsAreNotRecordedAsTracesButOtherRequestsAre()
    {
        var stopped = new ConcurrentBag<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Microsoft.AspNetCore",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Add,
        };
        ActivitySource.AddActivityListener(listener);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.WebHost.UseTestServer();
        builder.AddServiceDefaults();
        await using var app = builder.Build();
        app.MapGet("/work", () => Results.Ok());
        app.MapDefaultEndpoints();
        await app.StartAsync();
        using var client = app.GetTestClient();

        await client.GetAsync("/alive");
        await client.GetAsync("/metrics");
        using var work = await client.GetAsync("/work");
        var id = work.Headers.GetValues("X-Request-ID").Single();

        var recorded = stopped.Where(a => a.Recorded).Select(a => a.GetTagItem("http.request.id") as string).ToList();
        Assert.Contains(id, recorded);
        Assert.Single(recorded, r => r is not null);
    }
}
