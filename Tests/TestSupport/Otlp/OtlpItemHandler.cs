namespace TestSupport.Otlp;

/// <summary>Receives one span, log record or metric message with its resource and instrumentation scope name.</summary>
/// <param name="resource">The enclosing resource.</param>
/// <param name="scope">The instrumentation scope name (a logger category for .NET logs).</param>
/// <param name="item">The item's protobuf bytes.</param>
internal delegate void OtlpItemHandler(OtlpResource resource, string scope, ReadOnlySpan<byte> item);
