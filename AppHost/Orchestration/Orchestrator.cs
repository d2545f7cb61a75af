using System.Diagnostics;
using AppHost.Cache;
using AppHost.Executables;
using AppHost.Hosting;
using AppHost.Parameters;
using AppHost.Processes;
using AppHost.Projects;
using AppHost.Redis;

namespace AppHost.Orchestration;

/// <summary>
/// Run mode: starts resources in dependency order on free loopback ports, injects the Aspire environment
/// conventions, waits for each to be healthy, supervises them, and stops everything in reverse order.
/// </summary>
/// <param name="app">The application to run.</param>
/// <param name="console">Where resource output is echoed.</param>
internal sealed class Orchestrator(DistributedApplication app, ResourceConsole console) : IAsyncDisposable
{
    /// <summary>How long a resource may take to become healthy (a cold build cache makes the first start slow).</summary>
    public static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(120);

    private readonly List<IAsyncDisposable> _started = [];
    private readonly List<SupervisedProcess> _instances = [];
    private readonly List<ResourceInstance> _running = [];
    private readonly Dictionary<string, string> _instanceIds = new(StringComparer.Ordinal);
    private ProcessReaper? _reaper;

    /// <summary>Endpoints and connection strings allocated so far.</summary>
    public RunState State { get; } = new();

    /// <summary>The supervised instances (for status and restart counts).</summary>
    public IReadOnlyList<SupervisedProcess> Instances => _instances;

    /// <summary>Extra environment for every project (the dashboard's OTLP exporter settings); set before starting.</summary>
    public IReadOnlyDictionary<string, string>? Telemetry { get; set; }

    /// <summary>The aggregator's first endpoint once it started (the dashboard's GenAI pages proxy to it).</summary>
    public Uri? AggregatorUrl { get; private set; }

    /// <summary>A copy of what has started so far (safe while starting: the dashboard reads it from its own threads).</summary>
    public ResourceInstance[] Running()
    {
        lock (_running)
        {
            return [.. _running];
        }
    }

    /// <summary>The instance name of a project replica by the <c>service.instance.id</c> the AppHost gave it.</summary>
    public string? InstanceOf(string serviceInstanceId)
    {
        lock (_running)
        {
            return _instanceIds.GetValueOrDefault(serviceInstanceId);
        }
    }

    /// <summary>Starts everything, then waits for <paramref name="stop"/>.</summary>
    public async Task RunAsync(CancellationToken stop)
    {
        await StartAllAsync(stop);
        console.Ready();
        try
        {
            await Task.Delay(Timeout.Infinite, stop);
        }
        catch (OperationCanceledException)
        {
            console.Stopping();
        }
    }

    /// <summary>Starts every resource in order; throws with the failing resource named.</summary>
    public async Task StartAllAsync(CancellationToken cancellationToken)
    {
        _reaper = ProcessReaper.Start();
        foreach (var resource in app.Resources)
        {
            switch (resource)
            {
                case ParameterResource:
                    // Parameters are deployment inputs; the local cache runs on loopback without a password.
                    break;
                case RedisResource redis:
                    await StartCacheAsync(redis, cancellationToken);
                    break;
                case ProjectResource project:
                    await StartProjectAsync(project, cancellationToken);
                    break;
                case ExecutableResource executable:
                    await StartExecutableAsync(executable, cancellationToken);
                    break;
                default:
                    throw new InvalidOperationException($"Resource '{resource.Name}' cannot run.");
            }
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        for (var i = _started.Count - 1; i >= 0; i--)
        {
            await _started[i].DisposeAsync();
        }

        _reaper?.Dispose();
    }

    private async Task StartCacheAsync(RedisResource redis, CancellationToken cancellationToken)
    {
        var server = await CacheServer.StartAsync(new CacheServerOptions
        {
            ConnectionString = app.Options.CacheConnectionString ?? Environment.GetEnvironmentVariable("ConnectionStrings__" + redis.Name),
            AppendOnly = true,
            DataDirectory = Path.Combine(
                Environment.GetEnvironmentVariable("APPHOST_DATA_DIR") ?? Path.Combine(RepositoryLayout.RepoRoot, "artifacts", "apphost"), redis.Name),
        }, cancellationToken);
        _started.Add(server);
        if (server.Process is { } process)
        {
            _reaper!.Register(process.Id);
        }

        State.SetConnectionString(redis.Name, server.ConnectionString);
        Track(new ResourceInstance(redis.Name, "cache", redis.Name, ["redis://" + server.Endpoint.ToConnectionString(redactPassword: true)], null, server,
            DateTimeOffset.UtcNow, server.Process is { } cacheProcess ? CacheConsole(cacheProcess) : null));
        console.Resource(redis.Name, server.Kind + " " + server.Endpoint.ToConnectionString(redactPassword: true));
    }

    private async Task StartProjectAsync(ProjectResource project, CancellationToken cancellationToken)
    {
        var assembly = project.AssemblyPath(RepositoryLayout.Configuration);
        if (!File.Exists(assembly))
        {
            throw new InvalidOperationException($"Resource '{project.Name}': {assembly} is missing; build the AppHost first (dotnet build AppHost).");
        }

        var endpoints = Enumerable.Range(0, project.Replicas).Select(_ => new Uri("http://127.0.0.1:" + FreePort.Next())).ToArray();
        State.SetEndpoints(project.Name, endpoints);
        if (Path.GetFileName(project.ProjectPath) == "Telemetry.Aggregator.csproj")
        {
            AggregatorUrl = endpoints[0];
        }

        for (var replica = 0; replica < endpoints.Length; replica++)
        {
            var endpoint = endpoints[replica];
            var name = project.Replicas == 1 ? project.Name : project.Name + "-" + replica;
            var instanceId = Guid.NewGuid().ToString("N");
            var env = ProjectEnvironment.ForRun(project, replica, endpoint, State, instanceId, Telemetry);
            lock (_running)
            {
                _instanceIds[instanceId] = name;
            }

            ProcessStartInfo StartInfo()
            {
                var info = new ProcessStartInfo(ExecutableLocator.Find("dotnet") ?? "dotnet") { WorkingDirectory = Path.GetDirectoryName(project.ProjectPath)! };
                info.ArgumentList.Add("exec");
                info.ArgumentList.Add(assembly);
                foreach (var arg in project.Args)
                {
                    info.ArgumentList.Add(arg);
                }

                foreach (var (key, value) in env)
                {
                    info.Environment[key] = value;
                }

                return info;
            }

            var instance = new SupervisedProcess(name, StartInfo, endpoint, console, _reaper!);
            Track(new ResourceInstance(project.Name, "project", name, [endpoint.ToString().TrimEnd('/')], instance, null, DateTimeOffset.UtcNow));
            await StartInstanceAsync(instance, cancellationToken);
            console.Resource(name, endpoint.ToString());
        }
    }

    private async Task StartExecutableAsync(ExecutableResource executable, CancellationToken cancellationToken)
    {
        ProcessStartInfo StartInfo()
        {
            var info = new ProcessStartInfo(ExecutableLocator.Find(executable.Command) ?? executable.Command) { WorkingDirectory = executable.WorkingDirectory };
            foreach (var arg in executable.Args)
            {
                info.ArgumentList.Add(arg);
            }

            foreach (var (key, value) in executable.Environment)
            {
                info.Environment[key] = value.Resolve(State);
            }

            return info;
        }

        var instance = new SupervisedProcess(executable.Name, StartInfo, null, console, _reaper!);
        Track(new ResourceInstance(executable.Name, "executable", executable.Name, [], instance, null, DateTimeOffset.UtcNow));
        await StartInstanceAsync(instance, cancellationToken);
        console.Resource(executable.Name, executable.Command);
    }

    // The server printed its start-up lines already: copy them, then follow (a line printed in between may be missed).
    private static ConsoleLog CacheConsole(ChildProcess process)
    {
        var log = new ConsoleLog();
        foreach (var line in process.Output.Tail())
        {
            log.Add(line);
        }

        process.LineReceived += (_, line) => log.Add(line);
        return log;
    }

    private void Track(ResourceInstance instance)
    {
        lock (_running)
        {
            _running.Add(instance);
        }
    }

    private async Task StartInstanceAsync(SupervisedProcess instance, CancellationToken cancellationToken)
    {
        _started.Add(instance);
        _instances.Add(instance);
        await instance.StartAsync(ReadyTimeout, cancellationToken);
    }
}
