using AppHost.Dashboard.Otlp;

namespace AppHost.Dashboard.Storage;

/// <summary>A span as stored: the decoded span and the resource instance name it came from.</summary>
/// <param name="Resource">Resource instance name.</param>
/// <param name="Span">The decoded span.</param>
internal sealed record StoredSpan(string Resource, OtlpSpan Span);
