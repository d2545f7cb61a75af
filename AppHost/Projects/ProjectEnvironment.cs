using System.Globalization;
using AppHost.Hosting;

namespace AppHost.Projects;

/// <summary>The environment every project gets, in publish mode (expressions) and in run mode (values).</summary>
internal static class ProjectEnvironment
{
    /// <summary>Aspire's fixed project entries in the manifest, then the port binding.</summary>
    public static IEnumerable<KeyValuePair<string, string>> Defaults(ProjectResource project)
    {
        yield return new("OTEL_DOTNET_EXPERIMENTAL_OTLP_EMIT_EXCEPTION_LOG_ATTRIBUTES", "true");
        yield return new("OTEL_DOTNET_EXPERIMENTAL_OTLP_EMIT_EVENT_LOG_ATTRIBUTES", "true");
        yield return new("OTEL_DOTNET_EXPERIMENTAL_OTLP_RETRY", "in_memory");
        yield return new("ASPNETCORE_FORWARDEDHEADERS_ENABLED", "true");
        yield return new("HTTP_PORTS", "{" + project.Name + ".bindings.http.targetPort}");
    }

    /// <summary>
    /// Run mode: Aspire's development conventions (fast export intervals, always-on sampling) plus the resource's
    /// own environment and service references resolved against what has started. <paramref name="telemetry"/> (the
    /// dashboard's OTEL_EXPORTER_OTLP_* settings) comes before the resource's own environment, which may override it.
    /// </summary>
    public static Dictionary<string, string> ForRun(
        ProjectResource project, int replica, Uri endpoint, RunState state, string instanceId, IReadOnlyDictionary<string, string>? telemetry = null)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["ASPNETCORE_URLS"] = endpoint.ToString().TrimEnd('/'),
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["OTEL_SERVICE_NAME"] = project.Name,
            ["OTEL_RESOURCE_ATTRIBUTES"] = "service.instance.id=" + instanceId,
            ["OTEL_DOTNET_EXPERIMENTAL_OTLP_RETRY"] = "in_memory",
            // As in the manifest: the exporter then sends a log's EventId (logrecord.event.id) and exception details.
            ["OTEL_DOTNET_EXPERIMENTAL_OTLP_EMIT_EVENT_LOG_ATTRIBUTES"] = "true",
            ["OTEL_DOTNET_EXPERIMENTAL_OTLP_EMIT_EXCEPTION_LOG_ATTRIBUTES"] = "true",
            ["OTEL_BLRP_SCHEDULE_DELAY"] = "1000",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "1000",
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "1000",
            ["OTEL_TRACES_SAMPLER"] = "always_on",
            ["OTEL_METRICS_EXEMPLAR_FILTER"] = "trace_based",
            ["APPHOST_REPLICA_INDEX"] = replica.ToString(CultureInfo.InvariantCulture),
        };
        foreach (var (key, value) in telemetry ?? new Dictionary<string, string>())
        {
            env[key] = value;
        }

        foreach (var (key, value) in project.Environment)
        {
            env[key] = value.Resolve(state);
        }

        foreach (var service in project.ServiceReferences)
        {
            var endpoints = state.Endpoints(service.Name);
            for (var i = 0; i < endpoints.Count; i++)
            {
                env[ResourceBuilderExtensions.ServiceEnvironmentName(service.Name, i)] = endpoints[i].ToString().TrimEnd('/');
            }
        }

        return env;
    }
}
