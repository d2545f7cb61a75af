using System.Buffers.Binary;
using System.IO.Compression;
using Microsoft.AspNetCore.Http;

namespace AppHost.Dashboard.Otlp;

/// <summary>
/// Reads an export request's body: at most <see cref="MaxBytes"/> on the wire and, when gzip-encoded, at most
/// <see cref="MaxBytes"/> once decompressed (a small gzip bomb is refused after reading just past the cap).
/// </summary>
internal static class OtlpBody
{
    /// <summary>The largest body accepted, compressed or not (4 MiB, the dashboard contract's limit).</summary>
    public const int MaxBytes = 4 * 1024 * 1024;

    // Header (10 bytes) + empty deflate block (2) + CRC32 and ISIZE trailer (8).
    private const int GzipMinimumLength = 20;

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

        // GZipStream ends quietly at a truncated stream: check the magic and the trailer's ISIZE (RFC 1952 §2.3.1, the
        // decompressed length mod 2^32) so that a cut-off body is a 400, not an empty export.
        if (raw.Length < GzipMinimumLength || raw[0] != 0x1F || raw[1] != 0x8B)
        {
            throw new InvalidDataException("Content-Encoding is gzip but the body is not gzip data.");
        }

        byte[] inflated;
        await using (var inflater = new GZipStream(new MemoryStream(raw), CompressionMode.Decompress))
        {
            inflated = await ReadCappedAsync(inflater, cancellationToken);
        }

        return BinaryPrimitives.ReadUInt32LittleEndian(raw.AsSpan(raw.Length - 4)) == (uint)inflated.Length
            ? inflated
            : throw new InvalidDataException("The gzip body is truncated or corrupt (its length trailer does not match).");
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
