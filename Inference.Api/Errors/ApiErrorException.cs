namespace Inference.Api.Errors;

/// <summary>Carries an <see cref="ApiError"/> out of request parsing and validation to the endpoint's error writer.</summary>
internal sealed class ApiErrorException(ApiError error) : Exception(error.Message)
{
    /// <summary>The error to report.</summary>
    public ApiError Error { get; } = error;
}
