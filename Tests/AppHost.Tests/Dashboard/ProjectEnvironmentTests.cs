using AppHost.Hosting;
using AppHost.Projects;

namespace AppHost.Tests.Dashboard;

public sealed class ProjectEnvironmentTests
{
    private static readonly Dictionary<string, string> s_dashboard = new()
    {
        ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "http://127.0.0.1:4999",
        ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
        ["OTEL_EXPORTER_OTLP_HEADERS"] = "x-otlp-api-key=k",
    };

    [Fact]
    public void WithTheDashboardEveryProjectExportsToItsOtlpPortWithTheKey()
    {
        var env = ProjectEnvironment.ForRun(new ProjectResource("inference", "/x/Inference.Api.csproj"), 0, new Uri("http://127.0.0.1:5000"), new RunState(), "id", s_dashboard);

        Assert.Equal("http://127.0.0.1:4999", env["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        Assert.Equal("http/protobuf", env["OTEL_EXPORTER_OTLP_PROTOCOL"]);
        Assert.Equal("x-otlp-api-key=k", env["OTEL_EXPORTER_OTLP_HEADERS"]);
        Assert.Equal("true", env["OTEL_DOTNET_EXPERIMENTAL_OTLP_EMIT_EVENT_LOG_ATTRIBUTES"]);
    }

    [Fact]
    public void WithoutTheDashboardNoExporterEndpointIsInjected()
    {
        var env = ProjectEnvironment.ForRun(new ProjectResource("inference", "/x/Inference.Api.csproj"), 0, new Uri("http://127.0.0.1:5000"), new RunState(), "id");

        Assert.DoesNotContain(env.Keys, k => k.StartsWith("OTEL_EXPORTER_OTLP_", StringComparison.Ordinal));
    }

    [Fact]
    public void TheManifestDefaultsCarryNoRunModeEndpoint()
    {
        var defaults = ProjectEnvironment.Defaults(new ProjectResource("inference", "/x/Inference.Api.csproj")).Select(p => p.Key);

        Assert.DoesNotContain(defaults, k => k.StartsWith("OTEL_EXPORTER_OTLP_", StringComparison.Ordinal));
    }
}
