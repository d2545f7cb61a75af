using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Inference.Api.Errors;
using Microsoft.Net.Http.Headers;

namespace Inference.Api.Apis;

/// <summary>
/// Reads a JSON request body with precise refusals: 415 for another content type, 413 over the size limit
/// (checked while reading, not only from Content-Length), 400 naming the JSON path for malformed input.
/// </summary>
internal static class JsonBody
{
    /// <summary>Reads and deserializes the body, or throws <see cref="ApiErrorException"/>.</summary>
    public static async Task<T> ReadAsync<T>(HttpContext context, JsonTypeInfo<T> typeInfo, long maxBytes) where T : class
    {
        var request = context.Request;
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType)
            || !mediaType.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase))
        {
            throw new ApiErrorException(ApiError.UnsupportedMediaType(request.ContentType));
        }

        if (request.ContentLength > maxBytes)
        {
            throw new ApiErrorException(ApiError.TooLarge($"The request body is {request.ContentLength} bytes; the limit is {maxBytes}."));
        }

        var buffer = new ArrayBufferWriter<byte>((int)Math.Min(request.ContentLength ?? 4096, maxBytes) + 1);
        var stream = request.Body;
        while (true)
        {
            var memory = buffer.GetMemory(4096);
            var read = await stream.ReadAsync(memory, context.RequestAborted);
            if (read == 0)
            {
                break;
            }

            buffer.Advance(read);
            if (buffer.WrittenCount > maxBytes)
            {
                throw new ApiErrorException(ApiError.TooLarge($"The request body exceeds the limit of {maxBytes} bytes."));
            }
        }

        if (buffer.WrittenCount == 0)
        {
            throw new ApiErrorException(ApiError.MalformedJson("The request body is empty; a JSON object is required."));
        }

        T? value;
        try
        {
            value = JsonSerializer.Deserialize(buffer.WrittenSpan, typeInfo);
        }
        catch (JsonException e)
        {
            throw new ApiErrorException(ApiError.MalformedJson(Describe(e)));
        }

        return value ?? throw new ApiErrorException(ApiError.MalformedJson("The request body must be a JSON object, not null."));
    }

    // The serializer's own message names CLR types; users need the JSON path and position, and what went wrong.
    private static string Describe(JsonException e)
    {
        var where = $"at {e.Path ?? "$"} (line {(e.LineNumber ?? 0) + 1}, byte {(e.BytePositionInLine ?? 0) + 1})";
        var what = e.Message.Contains("could not be converted", StringComparison.Ordinal)
            ? "a value has the wrong type or is out of range"
            : e.InnerException is System.Text.DecoderFallbackException || e.Message.Contains("UTF-8", StringComparison.Ordinal)
                ? "the body is not valid UTF-8"
                : e.Message.StartsWith("stop must", StringComparison.Ordinal) ? e.Message : "the body is not valid JSON";
        return $"Malformed request body {where}: {what}.";
    }
}
