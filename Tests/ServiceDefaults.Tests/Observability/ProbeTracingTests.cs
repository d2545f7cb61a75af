using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Hosting;
using Tests.Shared;

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

        // Other tests in this process also produce ASP.NET Core activities, so requests are told apart by their ids.
        using var alive = await client.GetAsync("/alive");
        using var metrics = await client.GetAsync("/metrics");
        using var work = await client.GetAsync("/work");
        var probeIds = new[] { RequestId(alive), RequestId(metrics) };
        var workId = RequestId(work);

        // The server activities stop just after the responses are handed back: wait, bounded, until all three have
        // stopped, so that "not recorded" is judged on activities that exist rather than on ones not stopped yet.
        string?[] all = [.. probeIds, workId];
        await Eventually.TrueAsync(() => all.All(id => stopped.Any(a => a.GetTagItem("http.request.id") as string == id)),
            "the three server activities to stop", seen: () => string.Join(", ", stopped.Select(a => a.GetTagItem("http.request.id"))));
        var recorded = stopped.Where(a => a.Recorded).Select(a => a.GetTagItem("http.request.id") as string).ToList();

        Assert.Contains(workId, recorded);
        Assert.DoesNotContain(recorded, r => r is not null && probeIds.Contains(r));
        Assert.All(probeIds, id => Assert.False(string.IsNullOrEmpty(id)));
    }

    private static string RequestId(HttpResponseMessage response) => response.Headers.GetValues("X-Request-ID").Single();
}
