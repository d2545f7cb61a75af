using System.Diagnostics;
using System.Net;
using TestSupport.Processes;

namespace EndToEnd.Tests;

public sealed class ServiceProcessServerTests : IDisposable
{
    private readonly DirectoryInfo _spool = Directory.CreateTempSubdirectory("service-spool-");

    public void Dispose() => _spool.Delete(recursive: true);

    [Theory]
    [InlineData("Inference.Api")]
    [InlineData("Telemetry.Aggregator")]
    public async Task EachServiceStartsServesHealthAndStopsCleanlyOnSigterm(string project)
    {
        var endpoint = new Uri("http://127.0.0.1:" + FreePort.Next());
        var info = new ProcessStartInfo(ExecutableLocator.Find("dotnet")!) { WorkingDirectory = Path.Combine(RepositoryLayout.RepoRoot, project) };
        info.ArgumentList.Add("exec");
        info.ArgumentList.Add(Path.Combine(RepositoryLayout.RepoRoot, project, "bin", RepositoryLayout.Configuration, "net10.0", project + ".dll"));
        info.Environment["ASPNETCORE_URLS"] = endpoint.ToString().TrimEnd('/');
        info.Environment["Telemetry__Events__SpoolDirectory"] = _spool.FullName;
        await using var service = ChildProcess.Start(project, info);

        await HealthProbe.WaitHealthyAsync(project, endpoint, service, TimeSpan.FromSeconds(60), CancellationToken.None);
        using var http = new HttpClient { BaseAddress = endpoint };
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/alive")).StatusCode);

        await service.StopAsync(TimeSpan.FromSeconds(10));

        Assert.True(service.HasExited);
        Assert.Equal(0, service.ExitCode);
    }
}
