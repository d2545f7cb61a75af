using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AppHost.Cache;

/// <summary>Adds the <c>cache</c> resource: an external server, Aspire's Redis container, or a server process.</summary>
internal static class CacheResourceBuilderExtensions
{
    /// <summary>
    /// Garnet's main-log memory. Its default is 16 GB, far more than a developer machine should give a cache that
    /// holds rolling telemetry windows.
    /// </summary>
    private const string GarnetMemory = "256m";

    /// <summary>
    /// Adds the cache under <paramref name="name"/> as <see cref="CacheChoice.Make"/> decides, and logs the choice and
    /// its reason once the app starts.
    /// </summary>
    public static IResourceBuilder<IResourceWithConnectionString> AddCache(this IDistributedApplicationBuilder builder, [ResourceName] string name)
    {
        var choice = CacheChoice.Make(
            builder.ExecutionContext.IsPublishMode,
            builder.Configuration.GetConnectionString(name),
            () => HostProbes.HealthyContainerRuntime(builder.Configuration["ASPIRE_CONTAINER_RUNTIME"]),
            () => HostProbes.FindOnPath("redis-server"));
        builder.Eventing.Subscribe<BeforeStartEvent>((e, _) =>
        {
            AppHostLog.CacheChosen(e.Services.GetRequiredService<ILoggerFactory>().CreateLogger("AppHost.Cache"), name, choice.Kind, choice.Reason);
            return Task.CompletedTask;
        });

        return choice.Kind switch
        {
            CacheServerKind.External => builder.AddConnectionString(name),
            CacheServerKind.Container => builder.AddRedis(name),
            _ => builder.AddCacheServer(name, choice.Kind),
        };
    }

    private static IResourceBuilder<CacheServerResource> AddCacheServer(this IDistributedApplicationBuilder builder, string name, CacheServerKind kind)
    {
        // No commas: StackExchange.Redis cannot parse a password holding one (as Aspire's AddRedis does).
        var password = ParameterResourceBuilderExtensions.CreateDefaultPasswordParameter(builder, $"{name}-password", special: false);
        var resource = kind == CacheServerKind.RedisServer
            ? new CacheServerResource(name, kind, HostProbes.FindOnPath("redis-server")!, builder.AppHostDirectory, password)
            : new CacheServerResource(name, kind, "dotnet", ToolManifestRoot(builder.AppHostDirectory), password);

        string? connectionString = null;
        builder.Eventing.Subscribe<ConnectionStringAvailableEvent>(resource, async (_, ct) =>
            connectionString = await resource.ConnectionStringExpression.GetValueAsync(ct)
                ?? throw new DistributedApplicationException($"The '{name}' resource's connection string was published as null."));
        var healthCheckKey = $"{name}_check";
        builder.Services.AddHealthChecks().AddRedis(_ => connectionString ?? throw new InvalidOperationException("The cache's connection string is not known yet."), name: healthCheckKey);

        if (kind == CacheServerKind.Garnet)
        {
            // `dotnet tool run` fails on a fresh clone until the pinned tool is restored.
            builder.Eventing.Subscribe<BeforeResourceStartedEvent>(resource, (_, ct) => RestoreToolsAsync(resource.WorkingDirectory, ct));
        }

        // DCP picks the port (not proxied: the server itself listens on it) and the server is told which one.
        return builder.AddResource(resource)
            .WithEndpoint(name: CacheServerResource.PrimaryEndpointName, scheme: "tcp", isProxied: false)
            .WithHealthCheck(healthCheckKey)
            .WithArgs(context =>
            {
                var port = resource.PrimaryEndpoint.Property(EndpointProperty.TargetPort);
                if (kind == CacheServerKind.RedisServer)
                {
                    // No persistence: the run-mode cache lives as long as the app, like Aspire's container without a volume.
                    context.Args.Add("--port", port, "--bind", "127.0.0.1", "--save", string.Empty, "--appendonly", "no", "--requirepass", resource.PasswordParameter);
                }
                else
                {
                    // Scripts are how the aggregator claims and applies a batch atomically: Garnet runs them only with
                    // --lua, and atomically only in transaction mode (without it, concurrent claims lost whole batches).
                    context.Args.Add("tool", "run", "garnet-server", "--", "--port", port, "--bind", "127.0.0.1", "--lua", "--lua-transaction-mode",
                        "--memory", GarnetMemory, "--auth", "Password", "--password", resource.PasswordParameter);
                }
            });
    }

    private static void Add(this IList<object> args, params object[] values)
    {
        foreach (var value in values)
        {
            args.Add(value);
        }
    }

    private static string ToolManifestRoot(string appHostDirectory)
    {
        for (var dir = new DirectoryInfo(appHostDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, ".config", "dotnet-tools.json")))
            {
                return dir.FullName;
            }
        }

        throw new DistributedApplicationException(
            $"No redis-server on PATH and no .config/dotnet-tools.json above {appHostDirectory} to run garnet-server from: install redis-server.");
    }

    private static async Task RestoreToolsAsync(string root, CancellationToken cancellationToken)
    {
        using var process = Process.Start(new ProcessStartInfo("dotnet", ["tool", "restore"])
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        }) ?? throw new DistributedApplicationException("Could not start 'dotnet tool restore'.");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new DistributedApplicationException(
                $"'dotnet tool restore' in {root} failed ({process.ExitCode}): {(await stderr).Trim()} {(await stdout).Trim()}");
        }
    }
}
