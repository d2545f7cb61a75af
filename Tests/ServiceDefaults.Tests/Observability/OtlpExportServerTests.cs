using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using ServiceDefaults.Tests.Observability.Otlp;
using Tests.Shared;

namespace ServiceDefaults.Tests.Observability;

/// <summary>
/// A host built with AddServiceDefaults and the OTEL_* settings the AppHost hands a service exports traces and metrics
/// over OTLP http/protobuf to a loopback receiver that decodes them.
/// </summary>
public sealed class OtlpExportServerTests : IAsyncLifetime
{
    private OtlpReceiver _receiver = null!;
    private WebApplication _app = null!;

    public async Task InitializeAsync()
    {
        _receiver = await OtlpReceiver.StartAsync();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ApplicationName = "otlp-app", EnvironmentName = "Production" });
        builder.WebHost.UseTestServer();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = _receiver.Endpoint.ToString(),
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_SERVICE_NAME"] = "otlp-export-test",
            ["OTEL_RESOURCE_ATTRIBUTES"] = "service.instance.id=abc,deployment.environment=test%20env",
            ["OTEL_EXPORTER_OTLP_HEADERS"] = "x-api-key=secret",
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "300",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "100",
        });
        builder.AddServiceDefaults();
        _app = builder.Build();
        _app.MapDefaultEndpoints();
        _app.MapGet("/otlp-probe/{id}", (string id) => Results.Text("probe " + id));
        await _app.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _receiver.DisposeAsync();
    }

    [Fact]
    public async Task ARequestIsExportedAsASpanWithTheConfiguredResourceAndHeader()
    {
        using var client = _app.GetTestClient();
        Assert.Equal("probe 7", await client.GetStringAsync("/otlp-probe/7"));

        var span = await WaitForAsync(() => _receiver.Spans.FirstOrDefault(s =>
            s.Resource.Attributes.GetValueOrDefault("service.name") == "otlp-export-test" && s.Attributes.GetValueOrDefault("http.route") == "/otlp-probe/{id}"), "the probe request's span");

        Assert.Equal("GET /otlp-probe/{id}", span.Name);
        Assert.Equal("200", span.Attributes["http.response.status_code"]);
        Assert.Equal("/otlp-probe/7", span.Attributes["url.path"]);
        Assert.Equal("abc", span.Resource.Attributes["service.instance.id"]);
        Assert.Equal("test env", span.Resource.Attributes["deployment.environment"]);
        Assert.All(_receiver.Headers, h => Assert.Equal("secret", h["x-api-key"].ToString()));
        Assert.NotEmpty(_receiver.Headers);
    }

    [Fact]
    public async Task TheRequestDurationMetricIsExportedWithTheServiceResource()
    {
        using var client = _app.GetTestClient();
        await client.GetStringAsync("/otlp-probe/8");

        var metric = await WaitForAsync(() => _receiver.Metrics.FirstOrDefault(m =>
            m.Name == "http.server.request.duration" && m.Resource.Attributes.GetValueOrDefault("service.name") == "otlp-export-test"), "the request duration metric");

        Assert.Equal("abc", metric.Resource.Attributes["service.instance.id"]);
    }

    private Task<T> WaitForAsync<T>(Func<T?> find, string what)
        where T : class =>
        Eventually.ValueAsync(find, what + " at the OTLP receiver", seen: () => string.Join('\n',
            _receiver.Spans.Select(s => $"{s.Name} [{string.Join(", ", s.Resource.Attributes.Concat(s.Attributes).Select(a => a.Key + "=" + a.Value))}]")
                .Concat(_receiver.Metrics.Select(m => $"{m.Name} [{string.Join(", ", m.Resource.Attributes.Select(a => a.Key + "=" + a.Value))}]"))
                .Take(40)));
}
