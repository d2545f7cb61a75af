using System.Diagnostics;
using System.Net;
using TestSupport.Processes;

namespace EndToEnd.Tests;

/// <summary>The inference service as a real process: what ONNX Runtime leaves on the machine, and what it refuses.</summary>
public sealed class OnnxRuntimeServiceServerTests : IDisposable
{
    // ONNX Runtime switches its telemetry off by itself under these (its CI detection): the child must not inherit them,
    // or the run with telemetry on would prove nothing.
    private static readonly string[] s_ciVariables =
    [
        "CI", "TF_BUILD", "GITHUB_ACTIONS", "GITLAB_CI", "CIRCLECI", "TRAVIS", "JENKINS_URL", "CODEBUILD_BUILD_ID", "BUILDKITE",
        "TEAMCITY_VERSION", "APPVEYOR", "BITBUCKET_BUILD_NUMBER", "SYSTEM_TEAMFOUNDATIONCOLLECTIONURI", "ORT_DISABLE_TELEMETRY",
    ];

    private readonly DirectoryInfo _home = Directory.CreateTempSubdirectory("ort-home-");

    public void Dispose() => _home.Delete(recursive: true);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AServedRequestLeavesNoOnnxRuntimeTelemetryFilesUnlessTheSettingTurnsThemOn(bool runtimeTelemetry)
    {
        var endpoint = new Uri("http://127.0.0.1:" + FreePort.Next());
        var info = StartInfo(endpoint);
        info.Environment["Model__RuntimeTelemetry"] = runtimeTelemetry ? "true" : "false";
        await using var service = ChildProcess.Start("Inference.Api", info);
        await HealthProbe.WaitHealthyAsync("inference", endpoint, service, TimeSpan.FromSeconds(60), CancellationToken.None);
        using var http = new HttpClient { BaseAddress = endpoint };
        using var body = new StringContent("""{"prompt":"In the beginning","max_tokens":4}""", System.Text.Encoding.UTF8, "application/json");
        Assert.Equal(HttpStatusCode.OK, (await http.PostAsync("/generate", body)).StatusCode);
        await service.StopAsync(TimeSpan.FromSeconds(10));

        // Where ONNX Runtime (and ONNX Runtime GenAI) keep their device id and event databases.
        var microsoft = Path.Combine(_home.FullName, ".cache", "Microsoft");
        var files = Directory.Exists(microsoft) ? Directory.GetFiles(microsoft, "*", SearchOption.AllDirectories) : [];
        if (runtimeTelemetry)
        {
            Assert.Contains(Path.Combine(microsoft, "DeveloperTools", ".onnxruntime", "deviceid"), files);
        }
        else
        {
            Assert.True(files.Length == 0, "telemetry files left under ~/.cache/Microsoft: " + string.Join(", ", files));
        }
    }

    [Fact]
    public async Task CudaOnTheCpuBuildStopsTheServiceAtStartSayingHowToGetTheGpuFlavour()
    {
        var info = StartInfo(new Uri("http://127.0.0.1:" + FreePort.Next()));
        info.Environment["Model__Provider"] = "cuda";
        await using var service = ChildProcess.Start("Inference.Api", info);

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await service.WaitForExitAsync(timeout.Token);

        Assert.NotEqual(0, service.ExitCode);
        var output = string.Join('\n', service.Output.Tail());
        Assert.Contains("has no CUDA provider", output, StringComparison.Ordinal);
        Assert.Contains("-p:OnnxRuntimeFlavor=gpu", output, StringComparison.Ordinal);
    }

    private ProcessStartInfo StartInfo(Uri endpoint)
    {
        const string project = "Inference.Api";
        var info = new ProcessStartInfo(ExecutableLocator.Find("dotnet")!) { WorkingDirectory = Path.Combine(RepositoryLayout.RepoRoot, project) };
        info.ArgumentList.Add("exec");
        info.ArgumentList.Add(Path.Combine(RepositoryLayout.RepoRoot, project, "bin", RepositoryLayout.Configuration, "net10.0", project + ".dll"));
        info.Environment["ASPNETCORE_URLS"] = endpoint.ToString().TrimEnd('/');
        info.Environment["Model__IntraOpThreads"] = "1";
        info.Environment["HOME"] = _home.FullName;
        // No cache here: the events spool, and must stay in this test's folder (see Services).
        info.Environment["Telemetry__Events__SpoolDirectory"] = Path.Combine(_home.FullName, "spool");
        info.Environment.Remove("XDG_CACHE_HOME");
        foreach (var name in s_ciVariables)
        {
            info.Environment.Remove(name);
        }

        return info;
    }
}
