using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ServiceDefaults.Health;

/// <summary>
/// Writes a health report as JSON: overall status and total duration, then each check with its status,
/// duration and description, so a probe failure says which dependency failed and how long it took.
/// </summary>
internal static class HealthReportWriter
{
    private static readonly JsonWriterOptions s_options = new() { Indented = false };

    public static async Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        await using var writer = new Utf8JsonWriter(context.Response.BodyWriter, s_options);
        writer.WriteStartObject();
        writer.WriteString("status"u8, report.Status.ToString());
        writer.WriteNumber("durationMs"u8, Math.Round(report.TotalDuration.TotalMilliseconds, 3));
        writer.WriteStartObject("checks"u8);
        foreach (var (name, entry) in report.Entries)
        {
            writer.WriteStartObject(name);
            writer.WriteString("status"u8, entry.Status.ToString());
            writer.WriteNumber("durationMs"u8, Math.Round(entry.Duration.TotalMilliseconds, 3));
            // Checks from packages (the cache's) report a failure as an exception without a description; its
            // message says what is wrong (an unreachable endpoint, a missing connection string), never a stack trace.
            if ((entry.Description ?? entry.Exception?.Message) is { } description)
            {
                writer.WriteString("description"u8, description);
            }

            if (entry.Data.Count > 0)
            {
                writer.WriteStartObject("data"u8);
                foreach (var (key, value) in entry.Data)
                {
                    writer.WritePropertyName(key);
                    JsonSerializer.Serialize(writer, value, value?.GetType() ?? typeof(object));
                }

                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
        await writer.FlushAsync(context.RequestAborted);
    }
}
