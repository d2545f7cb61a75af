using System.Net;
using AppHost.Hosting;

namespace EndToEnd.Tests;

public sealed class ServiceProcessServerTests
{
    [Theory]
    [InlineData("inference", "Inference.Api")]
    [InlineData("aggregator", "Telemetry.Aggregator")]
    public async Task EachServiceStartsServesHealthAndStopsCleanlyOnSigterm(string name, string project)
    {
        var service = await ProjectProcess.StartAsync(name, project, new Dictionary<string, string>(), TimeSpan.FromSeconds(60), null, CancellationToken.None);
        try
        {
            using var http = new HttpClient { BaseAddress = service.HttpEndpoint };
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/alive")).StatusCode);

            await service.Process.StopAsync(TimeSpan.FromSeconds(10));

            Assert.True(service.Process.HasExited);
            Assert.Equal(0, service.Process.ExitCode);
        }
        finally
        {
            await service.DisposeAsync();
        }
    }
}
