namespace Inference.Api.Errors;

/// <summary>
/// A request the service refuses, with everything both error formats need: the HTTP status, a stable code
/// (also the telemetry <c>error.type</c>), a human message, and the offending parameter when there is one.
/// </summary>
internal sealed record ApiError(int Status, string Code, string Message, string? Param = null)
{
    /// <summary>Seconds to wait before retrying (429, 503).</summary>
    public int? RetryAfterSeconds { get; init; }

    public static ApiError Validation(string message, string? param = null) => new(StatusCodes.Status422UnprocessableEntity, "validation", message, param);

    public static ApiError MalformedJson(string message) => new(StatusCodes.Status400BadRequest, "invalid_json", message);

    public static ApiError TooLarge(string message, string? param = null) => new(StatusCodes.Status413PayloadTooLarge, "too_large", message, param);

    public static ApiError UnsupportedMediaType(string? contentType) =>
        new(StatusCodes.Status415UnsupportedMediaType, "unsupported_media_type",
            $"Content-Type must be application/json, not '{contentType ?? "(none)"}'.");

    public static ApiError Overloaded(int retryAfterSeconds) =>
        new(StatusCodes.Status429TooManyRequests, "overloaded", "The service is at capacity: the admission queue is full. Retry later.")
        { RetryAfterSeconds = retryAfterSeconds };

    public static ApiError Unavailable(string message) => new(StatusCodes.Status503ServiceUnavailable, "unavailable", message) { RetryAfterSeconds = 1 };
}
