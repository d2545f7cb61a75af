using System.IO.Compression;
using Microsoft.AspNetCore.Http;

namespace AppHost.Dashboard.Otlp;

/// <summary>
/// Reads an export request's body: at most <see cref="MaxBytes"/> on the wire and, when gzip-encoded, at most
/// <see cref="MaxBytes"/> once decompressed (a small gzip bomb is refused after reading just past the cap).
/// </summary>
internal static class OtlpBody
{
    /// <summary>The largest body accepted, compressed or not (4 MiB, the OTel collector's default-sized batch with room).</summary>
    public const int MaxBytes = 4 * 1024 * 1024;

    /// <summary>The body bytes, decompressed; throws <see cref="OtlpRejectedException"/> or <see cref="InvalidDataException"/> (bad gzip).</summary>
    public static async Task<byte[]> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBytes)
        {
            throw TooLarge();
        }

        var encoding = request.Headers.ContentEncoding.ToString();
        var gzip = encoding.Equals("gzip", StringComparison.OrdinalIgnoreCase);
        if (!gzip && encoding.Length > 0 && !encoding.Equals("identity", StringComparison.OrdinalIgnoreCase))
        {
            throw new OtlpRejectedException(StatusCodes.Status415UnsupportedMediaType, $"Content-Encoding '{encoding}' is not supported; send gzip or none.");
        }

        var raw = await ReadCappedAsync(request.Body, cancellationToken);
        if (!gzip)
        {
            return raw;
        }

        await using var inflater = new GZipStream(new MemoryStream(raw), CompressionMode.Decompress);
        return await ReadCappedAsync(inflater, cancellationToken);
    }

    private static async Task<byte[]> ReadCappedAsync(Stream source, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await source.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxBytes)
            {
                throw TooLarge();
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static OtlpRejectedException TooLarge() =>
        new(StatusCodes.Status413PayloadTooLarge, $"The export body is over {MaxBytes / (1024 * 1024)} MiB (after decompression); export smaller batches.");
}
