using System.Globalization;
using Microsoft.Extensions.Configuration;
using OpenTelemetry.Exporter;
using OpenTelemetry.Resources;

namespace ServiceDefaults.Telemetry;

/// <summary>
/// The standard OTEL_* settings read from the host's configuration (which includes environment variables) rather
/// than from the process environment only, so appsettings and tests can set them too: endpoint, protocol, headers,
/// export intervals, service name and resource attributes.
/// </summary>
internal static class OtlpSettings
{
    /// <summary>True when an OTLP endpoint is configured.</summary>
    public static bool Enabled(IConfiguration config) => !string.IsNullOrWhiteSpace(config["OTEL_EXPORTER_OTLP_ENDPOINT"]);

    /// <summary>
    /// Endpoint, protocol and headers for one signal. A programmatic endpoint is used as-is by the exporter, so the
    /// signal path (<c>v1/traces</c>…) the spec appends for http/protobuf is appended here.
    /// </summary>
    public static void Apply(OtlpExporterOptions options, IConfiguration config, string signalPath)
    {
        var protocol = config["OTEL_EXPORTER_OTLP_PROTOCOL"]?.Trim();
        options.Protocol = protocol switch
        {
            null or "" or "grpc" => OtlpExportProtocol.Grpc,
            "http/protobuf" => OtlpExportProtocol.HttpProtobuf,
            _ => throw new InvalidOperationException($"OTEL_EXPORTER_OTLP_PROTOCOL '{protocol}' is not supported: use grpc or http/protobuf."),
        };

        var endpoint = config["OTEL_EXPORTER_OTLP_ENDPOINT"]!.Trim();
        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new InvalidOperationException($"OTEL_EXPORTER_OTLP_ENDPOINT '{endpoint}' is not an absolute http(s) URL.");
        }

        options.Endpoint = options.Protocol == OtlpExportProtocol.HttpProtobuf ? new Uri(endpoint.TrimEnd('/') + "/" + signalPath) : uri;
        if (config["OTEL_EXPORTER_OTLP_HEADERS"] is { Length: > 0 } headers)
        {
            options.Headers = headers;
        }
    }

    /// <summary>A millisecond setting such as OTEL_METRIC_EXPORT_INTERVAL; <paramref name="fallback"/> when unset or invalid.</summary>
    public static int Milliseconds(IConfiguration config, string key, int fallback) =>
        int.TryParse(config[key], NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0 ? value : fallback;

    /// <summary>
    /// service.name from OTEL_SERVICE_NAME (else the application name), plus OTEL_RESOURCE_ATTRIBUTES
    /// (<c>k=v,k2=v2</c>, values percent-decoded); an explicit OTEL_SERVICE_NAME wins over a service.name attribute.
    /// </summary>
    public static ResourceBuilder Resource(IConfiguration config, string applicationName)
    {
        var attributes = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var pair in (config["OTEL_RESOURCE_ATTRIBUTES"] ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0)
            {
                attributes[pair[..equals].Trim()] = Uri.UnescapeDataString(pair[(equals + 1)..].Trim());
            }
        }

        var name = config["OTEL_SERVICE_NAME"] is { Length: > 0 } configured ? configured
            : attributes.TryGetValue("service.name", out var named) ? (string)named
            : applicationName;
        attributes.Remove("service.name");
        return ResourceBuilder.CreateEmpty()
            .AddTelemetrySdk()
            .AddService(name, autoGenerateServiceInstanceId: !attributes.ContainsKey("service.instance.id"))
            .AddAttributes(attributes);
    }
}
