using System.Text.Encodings.Web;
using System.Text.Json;
using AppHost.Executables;
using AppHost.Hosting;
using AppHost.Parameters;
using AppHost.Projects;
using AppHost.Redis;

namespace AppHost.Publishing;

/// <summary>
/// Writes the Aspire deployment manifest (the aspire-8.0 schema, as Aspire 9's ManifestPublishingContext
/// emits it): one entry per resource with its type, env expressions and bindings. Paths are relative to the
/// manifest's folder so the file can be committed.
/// </summary>
internal static class ManifestWriter
{
    private const string SchemaUrl = "https://json.schemastore.org/aspire-8.0.json";

    private static readonly JsonWriterOptions s_options = new()
    {
        Indented = true,
        // The manifest is read by deployment tools, not embedded in HTML: keep '+', '$' and quotes readable.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Writes the manifest to <paramref name="path"/>, creating its folder.</summary>
    public static async Task WriteFileAsync(DistributedApplication app, string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await using var file = File.Create(path);
        Write(app, Path.GetDirectoryName(path)!, file);
    }

    /// <summary>Writes the manifest to <paramref name="stream"/> with paths relative to <paramref name="baseDirectory"/>.</summary>
    public static void Write(DistributedApplication app, string baseDirectory, Stream stream)
    {
        using (var writer = new Utf8JsonWriter(stream, s_options))
        {
            writer.WriteStartObject();
            writer.WriteString("$schema", SchemaUrl);
            writer.WriteStartObject("resources");
            foreach (var resource in app.Resources)
            {
                writer.WriteStartObject(resource.Name);
                switch (resource)
                {
                    case ParameterResource parameter:
                        WriteParameter(writer, parameter);
                        break;
                    case RedisResource redis:
                        WriteRedis(writer, redis);
                        break;
                    case ProjectResource project:
                        WriteProject(writer, project, baseDirectory);
                        break;
                    case ExecutableResource executable:
                        WriteExecutable(writer, executable, baseDirectory);
                        break;
                    default:
                        throw new InvalidOperationException($"Resource '{resource.Name}' ({resource.GetType().Name}) has no manifest form.");
                }

                writer.WriteEndObject();
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        stream.Write("\n"u8);
    }

    private static void WriteParameter(Utf8JsonWriter writer, ParameterResource parameter)
    {
        writer.WriteString("type", "parameter.v0");
        writer.WriteString("value", "{" + parameter.Name + ".inputs.value}");
        writer.WriteStartObject("inputs");
        writer.WriteStartObject("value");
        writer.WriteString("type", "string");
        if (parameter.Secret)
        {
            writer.WriteBoolean("secret", true);
            writer.WriteStartObject("default");
            writer.WriteStartObject("generate");
            writer.WriteNumber("minLength", ParameterResource.GeneratedMinLength);
            writer.WriteBoolean("special", false);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void WriteRedis(Utf8JsonWriter writer, RedisResource redis)
    {
        writer.WriteString("type", "container.v0");
        writer.WriteString("connectionString", redis.ConnectionString.ManifestExpression);
        writer.WriteString("image", RedisResource.Image);
        // The password comes from the environment through a shell, so it never appears in the container's args.
        writer.WriteString("entrypoint", "/bin/sh");
        writer.WriteStartArray("args");
        writer.WriteStringValue("-c");
        writer.WriteStringValue("redis-server --requirepass $REDIS_PASSWORD --appendonly yes");
        writer.WriteEndArray();
        writer.WriteStartObject("env");
        writer.WriteString("REDIS_PASSWORD", redis.Password.ValueExpression);
        writer.WriteEndObject();
        WriteBindings(writer, redis);
    }

    private static void WriteProject(Utf8JsonWriter writer, ProjectResource project, string baseDirectory)
    {
        writer.WriteString("type", "project.v0");
        writer.WriteString("path", RelativePath(baseDirectory, project.ProjectPath));
        if (project.Replicas > 1)
        {
            writer.WriteNumber("replicas", project.Replicas);
        }

        writer.WriteStartObject("env");
        foreach (var (key, value) in ProjectEnvironment.Defaults(project))
        {
            writer.WriteString(key, value);
        }

        WriteEnvironment(writer, project);
        writer.WriteEndObject();
        WriteBindings(writer, project);
    }

    private static void WriteExecutable(Utf8JsonWriter writer, ExecutableResource executable, string baseDirectory)
    {
        writer.WriteString("type", "executable.v0");
        writer.WriteString("workingDirectory", RelativePath(baseDirectory, executable.WorkingDirectory));
        writer.WriteString("command", executable.Command);
        writer.WriteStartArray("args");
        foreach (var arg in executable.Args)
        {
            writer.WriteStringValue(arg);
        }

        writer.WriteEndArray();
        writer.WriteStartObject("env");
        WriteEnvironment(writer, executable);
        writer.WriteEndObject();
        WriteBindings(writer, executable);
    }

    private static void WriteEnvironment(Utf8JsonWriter writer, Resource resource)
    {
        foreach (var (key, value) in resource.Environment)
        {
            writer.WriteString(key, value.ManifestExpression);
        }

        foreach (var service in resource.ServiceReferences)
        {
            writer.WriteString(ResourceBuilderExtensions.ServiceEnvironmentName(service.Name, 0), "{" + service.Name + ".bindings.http.url}");
        }
    }

    private static void WriteBindings(Utf8JsonWriter writer, Resource resource)
    {
        writer.WriteStartObject("bindings");
        foreach (var endpoint in resource.Endpoints)
        {
            writer.WriteStartObject(endpoint.Name);
            writer.WriteString("scheme", endpoint.Scheme);
            writer.WriteString("protocol", "tcp");
            writer.WriteString("transport", endpoint.Transport);
            if (endpoint.TargetPort is { } targetPort)
            {
                writer.WriteNumber("targetPort", targetPort);
            }

            if (endpoint.External)
            {
                writer.WriteBoolean("external", true);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    private static string RelativePath(string baseDirectory, string path) =>
        Path.GetRelativePath(baseDirectory, path).Replace('\\', '/');
}
