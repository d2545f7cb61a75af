using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Inference.Api.Apis;

/// <summary>Writes server-sent events (the HTML living standard's text/event-stream), flushed one by one.</summary>
internal static class ServerSentEvents
{
    /// <summary>Sets the headers of an event stream and sends them.</summary>
    public static async Task StartAsync(HttpResponse response)
    {
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        // Proxies such as nginx buffer responses unless told not to; tokens must arrive as they are made.
        response.Headers["X-Accel-Buffering"] = "no";
        await response.StartAsync();
    }

    /// <summary>Writes <c>[event: name]</c> and <c>data: json</c>, then flushes.</summary>
    public static async ValueTask WriteAsync<T>(HttpResponse response, string? eventName, T value, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
    {
        var writer = response.BodyWriter;
        if (eventName is not null)
        {
            writer.Write("event: "u8);
            writer.Write(System.Text.Encoding.UTF8.GetBytes(eventName));
            writer.Write("\n"u8);
        }

        writer.Write("data: "u8);
        using (var json = new Utf8JsonWriter(writer))
        {
            JsonSerializer.Serialize(json, value, typeInfo);
        }

        writer.Write("\n\n"u8);
        await writer.FlushAsync(cancellationToken);
    }

    /// <summary>Writes a raw <c>data:</c> line (e.g. OpenAI's <c>[DONE]</c>).</summary>
    public static async ValueTask WriteRawAsync(HttpResponse response, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        response.BodyWriter.Write("data: "u8);
        response.BodyWriter.Write(data.Span);
        response.BodyWriter.Write("\n\n"u8);
        await response.BodyWriter.FlushAsync(cancellationToken);
    }
}
