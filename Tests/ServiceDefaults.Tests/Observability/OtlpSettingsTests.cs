using Microsoft.Extensions.Configuration;
using OpenTelemetry.Exporter;
using ServiceDefaults.Telemetry;

namespace ServiceDefaults.Tests.Observability;

public sealed class OtlpSettingsTests
{
    [Fact]
    public void HttpProtobufGetsTheSignalPathAppendedAndGrpcKeepsTheEndpoint()
    {
        var http = new OtlpExporterOptions();
        var grpc = new OtlpExporterOptions();

        OtlpSettings.Apply(http, Config(("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:4318/"), ("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf"), ("OTEL_EXPORTER_OTLP_HEADERS", "x-api-key=secret")), "v1/traces");
        OtlpSettings.Apply(grpc, Config(("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:4317")), "v1/traces");

        Assert.Equal(new Uri("http://127.0.0.1:4318/v1/traces"), http.Endpoint);
        Assert.Equal(OtlpExportProtocol.HttpProtobuf, http.Protocol);
        Assert.Equal("x-api-key=secret", http.Headers);
        Assert.Equal(new Uri("http://127.0.0.1:4317"), grpc.Endpoint);
        Assert.Equal(OtlpExportProtocol.Grpc, grpc.Protocol);
    }

    [Theory]
    [InlineData("http://127.0.0.1:4318", "http/json", "OTEL_EXPORTER_OTLP_PROTOCOL")]
    [InlineData("not a url", "grpc", "OTEL_EXPORTER_OTLP_ENDPOINT")]
    [InlineData("ftp://127.0.0.1", "grpc", "OTEL_EXPORTER_OTLP_ENDPOINT")]
    public void ABadSettingIsAClearErrorNamingIt(string endpoint, string protocol, string named)
    {
        var error = Assert.Throws<InvalidOperationException>(() =>
            OtlpSettings.Apply(new OtlpExporterOptions(), Config(("OTEL_EXPORTER_OTLP_ENDPOINT", endpoint), ("OTEL_EXPORTER_OTLP_PROTOCOL", protocol)), "v1/traces"));

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheServiceNameComesFromOtelServiceNameThenTheAttributesThenTheApplication()
    {
        var explicitName = Attributes(("OTEL_SERVICE_NAME", "api"), ("OTEL_RESOURCE_ATTRIBUTES", "service.name=ignored,service.instance.id=abc,team=a%2Cb"));
        var fromAttributes = Attributes(("OTEL_RESOURCE_ATTRIBUTES", "service.name=from-attributes"));
        var fallback = Attributes();

        Assert.Equal("api", explicitName["service.name"]);
        Assert.Equal("abc", explicitName["service.instance.id"]);
        Assert.Equal("a,b", explicitName["team"]);
        Assert.Equal("from-attributes", fromAttributes["service.name"]);
        Assert.Equal("app", fallback["service.name"]);
        Assert.True(fallback.ContainsKey("service.instance.id")); // generated when none is configured
    }

    [Theory]
    [InlineData("250", 250)]
    [InlineData("-5", 1000)]
    [InlineData("soon", 1000)]
    [InlineData(null, 1000)]
    public void IntervalsFallBackWhenUnsetOrInvalid(string? value, int expected)
    {
        Assert.Equal(expected, OtlpSettings.Milliseconds(Config(("OTEL_METRIC_EXPORT_INTERVAL", value)), "OTEL_METRIC_EXPORT_INTERVAL", 1000));
    }

    private static Dictionary<string, object> Attributes(params (string Key, string? Value)[] settings) =>
        OtlpSettings.Resource(Config(settings), "app").Build().Attributes.ToDictionary(a => a.Key, a => a.Value);

    private static IConfiguration Config(params (string Key, string? Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build();
}
