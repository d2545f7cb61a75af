using System.Diagnostics;
using System.Globalization;
using AppHost.Processes;

namespace AppHost.Hosting;

/// <summary>
/// One of the repository's service projects running as a child process on a free loopback port, with the
/// Aspire environment conventions injected, considered started once its <c>/health</c> answers 200.
/// </summary>
internal sealed class ProjectProcess : IAsyncDisposable
{
    private static readonly TimeSpan s_pollInterval = TimeSpan.FromMilliseconds(250);

    private ProjectProcess(string name, Uri httpEndpoint, ChildProcess process)
    {
        Name = name;
        HttpEndpoint = httpEndpoint;
        Process = process;
    }

    /// <summary>The resource name (e.g. <c>inference</c>).</summary>
    public string Name { get; }

    /// <summary>The base address it serves on.</summary>
    public Uri HttpEndpoint { get; }

    /// <summary>The running process and its captured output.</summary>
    public ChildProcess Process { get; }

    /// <summary>The path of a project's built entry assembly, for the configuration the AppHost was built with.</summary>
    public static string AssemblyPath(string projectName) =>
        Path.Combine(RepositoryLayout.RepoRoot, projectName, "bin", RepositoryLayout.Configuration, "net10.0", projectName + ".dll");

    /// <summary>Starts the project and waits until its health endpoint answers 200 or <paramref name="readyTimeout"/> passes.</summary>
    public static async Task<ProjectProcess> StartAsync(
        string name, string projectName, IReadOnlyDictionary<string, string> environment, TimeSpan readyTimeout,
        Action<ChildProcess, string>? onLine, CancellationToken cancellationToken)
    {
        var assembly = AssemblyPath(projectName);
        if (!File.Exists(assembly))
        {
            throw new InvalidOperationException($"Resource '{name}': {assembly} is missing; build the AppHost (dotnet build AppHost).");
        }

        var port = FreePort.Next();
        var endpoint = new Uri("http://127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture));
        var info = new ProcessStartInfo(ExecutableLocator.Find("dotnet") ?? "dotnet")
        {
            WorkingDirectory = Path.Combine(RepositoryLayout.RepoRoot, projectName),
        };
        info.ArgumentList.Add("exec");
        info.ArgumentList.Add(assembly);
        info.Environment["ASPNETCORE_URLS"] = endpoint.ToString().TrimEnd('/');
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        info.Environment["OTEL_SERVICE_NAME"] = name;
        info.Environment["OTEL_RESOURCE_ATTRIBUTES"] = "service.instance.id=" + Guid.NewGuid().ToString("N");
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        var process = ChildProcess.Start(name, info);
        if (onLine is not null)
        {
            process.LineReceived += onLine;
        }

        try
        {
            await WaitHealthyAsync(name, endpoint, process, readyTimeout, cancellationToken);
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }

        return new ProjectProcess(name, endpoint, process);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => Process.DisposeAsync();

    private static async Task WaitHealthyAsync(string name, Uri endpoint, ChildProcess process, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = endpoint, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException(
                    $"Resource '{name}' exited with code {process.ExitCode} before it was healthy. Last output: {string.Join(" | ", process.Output.Tail(10))}");
            }

            try
            {
                using var response = await http.GetAsync("/health", cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
            }

            if (DateTime.UtcNow >= deadline)
            {
                throw new TimeoutException($"Resource '{name}' was not healthy at {endpoint}health within {timeout.TotalSeconds:0} s.");
            }

            await Task.Delay(s_pollInterval, cancellationToken);
        }
    }
}
