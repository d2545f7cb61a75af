using Microsoft.Extensions.Configuration;
using Inference.Api.Telemetry.Events;
using Inference.Api.Tests.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Inference.Api.Tests.Apis;

/// <summary>The API layer in memory: the real endpoints, admission and telemetry, a scripted model and a recording sink.</summary>
internal sealed class ApiHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly DirectoryInfo _spool;

    private ApiHost(WebApplication app, ScriptedChatClient chat, RecordingSink sink, DirectoryInfo spool)
    {
        _app = app;
        _spool = spool;
        Chat = chat;
        Sink = sink;
        Client = app.GetTestClient();
    }

    public HttpClient Client { get; }
    public IServiceProvider Services => _app.Services;
    public ScriptedChatClient Chat { get; }
    public RecordingSink Sink { get; }

    public static async Task<ApiHost> StartAsync(Dictionary<string, string?>? settings = null, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.WebHost.UseTestServer();
        var spool = Directory.CreateTempSubdirectory("api-spool-");
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Telemetry:Events:SpoolDirectory"] = spool.FullName,
            ["Api:MaxRequestBytes"] = "4096",
        });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        var chat = new ScriptedChatClient();
        var sink = new RecordingSink();
        builder.AddServiceDefaults();
        builder.AddInferenceTelemetry();
        builder.AddInferenceApi();
        builder.Services.AddSingleton<IChatClient>(chat);
        builder.Services.AddSingleton<IEventSink>(sink);
        configure?.Invoke(builder);
        var app = builder.Build();
        app.MapInferenceApi();
        app.MapDefaultEndpoints();
        await app.StartAsync();
        return new ApiHost(app, chat, sink, spool);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.DisposeAsync();
        _spool.Delete(recursive: true);
    }
}
