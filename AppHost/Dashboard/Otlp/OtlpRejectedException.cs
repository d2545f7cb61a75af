namespace AppHost.Dashboard.Otlp;

/// <summary>An export request refused before decoding: too large (413) or in an unsupported encoding (415).</summary>
/// <param name="status">The HTTP status to answer.</param>
/// <param name="message">What the sender should change.</param>
internal sealed class OtlpRejectedException(int status, string message) : Exception(message)
{
    /// <summary>The HTTP status to answer.</summary>
    public int Status { get; } = status;
}
