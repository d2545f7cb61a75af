using AppHost.Dashboard;
using AppHost.Orchestration;
using AppHost.Publishing;

namespace AppHost.Hosting;

/// <summary>The built application: published as a manifest, or run until Ctrl+C.</summary>
public sealed class DistributedApplication
{
    internal DistributedApplication(AppHostOptions options, IReadOnlyList<Resource> resources)
    {
        Options = options;
        Resources = resources;
    }

    /// <summary>The command line it was built with.</summary>
    public AppHostOptions Options { get; }

    /// <summary>Resources in start order.</summary>
    internal IReadOnlyList<Resource> Resources { get; }

    /// <summary>Creates the builder (Aspire's spelling).</summary>
    public static DistributedApplicationBuilder CreateBuilder(string[] args)
    {
        try
        {
            return DistributedApplicationBuilder.Create(args);
        }
        catch (ArgumentException e)
        {
            // A usage error is one line on stderr and exit code 2, not a stack trace.
            Console.Error.WriteLine("AppHost: " + e.Message);
            Environment.Exit(2);
            throw;
        }
    }

    /// <summary>Publishes the manifest (publish mode) or runs every resource until a stop signal (run mode).</summary>
    public async Task RunAsync()
    {
        if (Options.Publisher == "manifest")
        {
            var path = Path.GetFullPath(Options.OutputPath);
            await ManifestWriter.WriteFileAsync(this, path);
            Console.Out.WriteLine($"Wrote the Aspire manifest to {path}");
            return;
        }

        using var shutdown = new ShutdownSignal();
        var orchestrator = new Orchestrator(this, new ResourceConsole());
        DashboardHost? dashboard = null;
        try
        {
            if (!Options.NoDashboard)
            {
                // Started before the resources: its OTLP port goes into every project's environment.
                dashboard = await DashboardHost.StartAsync(new OrchestratorCatalog(orchestrator), cancellationToken: shutdown.Token);
                orchestrator.Telemetry = dashboard.InjectedEnvironment;
                Console.Out.WriteLine("AppHost: dashboard " + dashboard.LoginUrl);
            }

            await orchestrator.RunAsync(shutdown.Token);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Startup failures (a resource that never becomes healthy, a missing build) are reported by name,
            // then everything already started is stopped below.
            await Console.Error.WriteLineAsync("AppHost: " + e.Message);
            Environment.ExitCode = 1;
        }
        finally
        {
            // Resources first, so that their final exports still reach the dashboard; then the dashboard.
            await orchestrator.DisposeAsync();
            if (dashboard is not null)
            {
                await dashboard.DisposeAsync();
            }
        }
    }
}
