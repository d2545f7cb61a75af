using System.Net;
using AppHost.Dashboard.Api;
using AppHost.Dashboard.Otlp;
using AppHost.Dashboard.Pages;
using AppHost.Dashboard.Storage;
using AppHost.Processes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AppHost.Dashboard;

/// <summary>
/// The dashboard inside the AppHost: one Kestrel host on 127.0.0.1 with two ports, the UI port (login, pages, JSON API)
/// and the OTLP/HTTP port every project exports to. Started before the resources so that their first telemetry lands,
/// stopped after them so that their last does.
/// </summary>
internal sealed class DashboardHost : IAsyncDisposable
{
    private const int BindAttempts = 3;
    private static readonly TimeSpan s_stopTimeout = TimeSpan.FromSeconds(5);
    private readonly WebApplication _app;

    private DashboardHost(WebApplication app, DashboardAccess access, DashboardPorts ports, TelemetryStores stores)
    {
        _app = app;
        Access = access;
        Ports = ports;
        Stores = stores;
    }

    /// <summary>The run's secrets.</summary>
    public DashboardAccess Access { get; }

    /// <summary>The two ports.</summary>
    public DashboardPorts Ports { get; }

    /// <summary>What the receiver stored.</summary>
    public TelemetryStores Stores { get; }

    /// <summary>The UI base URL (no trailing slash).</summary>
    public string UiUrl => "http://127.0.0.1:" + Ports.Ui;

    /// <summary>The OTLP base URL (no trailing slash).</summary>
    public string OtlpUrl => "http://127.0.0.1:" + Ports.Otlp;

    /// <summary>The URL the AppHost prints: opening it signs the browser in.</summary>
    public string LoginUrl => UiUrl + "/login?t=" + Access.BrowserToken;

    /// <summary>
    /// What every project is given: the exporter settings, and the dashboard's address for the links in alert
    /// notifications (the overview, where active alerts and their example requests are; no token: a browser signs in
    /// with the printed URL once).
    /// </summary>
    public IReadOnlyDictionary<string, string> InjectedEnvironment => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["OTEL_EXPORTER_OTLP_ENDPOINT"] = OtlpUrl,
        ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
        ["OTEL_EXPORTER_OTLP_HEADERS"] = DashboardAccess.ApiKeyHeader + "=" + Access.ApiKey,
        ["Alerts__DashboardUrl"] = UiUrl + "/",
    };

    /// <summary>Starts the host on two free loopback ports (picked again if another process takes one first).</summary>
    public static async Task<DashboardHost> StartAsync(IResourceCatalog catalog, DashboardAccess? access = null, TelemetryStores? stores = null,
        CancellationToken cancellationToken = default)
    {
        access ??= new DashboardAccess();
        stores ??= new TelemetryStores();
        for (var attempt = 1; ; attempt++)
        {
            var app = Build(catalog, access, stores, out var ports);
            try
            {
                await app.StartAsync(cancellationToken);
                return new DashboardHost(app, access, ports, stores);
            }
            catch (IOException) when (attempt < BindAttempts)
            {
                // FreePort's port was free when picked, not necessarily when bound: another process won the race.
                await app.DisposeAsync();
            }
        }
    }

    private static WebApplication Build(IResourceCatalog catalog, DashboardAccess access, TelemetryStores stores, out DashboardPorts ports)
    {
        var ui = FreePort.Next();
        var otlp = FreePort.Next();
        while (otlp == ui)
        {
            otlp = FreePort.Next();
        }

        var bound = ports = new DashboardPorts(ui, otlp);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = "AppHost.Dashboard",
            EnvironmentName = "Production",
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, bound.Ui);
            kestrel.Listen(IPAddress.Loopback, bound.Otlp);
            // The receiver enforces its own cap (also after gzip); this only stops a runaway upload early.
            kestrel.Limits.MaxRequestBodySize = 2L * OtlpBody.MaxBytes;
        });
        // Kestrel's own logs would interleave with the resources' output on the AppHost console.
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<IHostLifetime, DashboardLifetime>();
        builder.Services.AddProblemDetails();
        builder.Services.AddSingleton(access);
        builder.Services.AddSingleton(bound);
        builder.Services.AddSingleton(stores);
        builder.Services.AddSingleton(catalog);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(new GenAiProxy(new HttpClient { Timeout = GenAiApi.Timeout }));

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseMiddleware<DashboardGate>();
        app.MapDashboardLogin();
        app.MapOtlpReceiver();
        app.MapResourcesApi();
        app.MapLogsApi();
        app.MapTracesApi();
        app.MapMetricsApi();
        app.MapGenAiApi();
        app.MapEventsApi();
        app.MapDashboardPages();
        return app;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        using (var timeout = new CancellationTokenSource(s_stopTimeout))
        {
            await _app.StopAsync(timeout.Token);
        }

        await _app.DisposeAsync();
    }
}
