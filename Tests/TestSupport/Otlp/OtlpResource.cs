namespace TestSupport.Otlp;

/// <summary>The resource that produced a batch of telemetry: its attributes (<c>Resource.1</c>).</summary>
/// <param name="Attributes">Resource attributes as text.</param>
internal sealed record OtlpResource(IReadOnlyDictionary<string, string> Attributes)
{
    /// <summary><c>service.name</c>, or the SDK's default when the sender set none.</summary>
    public string ServiceName => Attributes.GetValueOrDefault("service.name") ?? "unknown_service";

    /// <summary><c>service.instance.id</c>, which Aspire sets per replica.</summary>
    public string? InstanceId => Attributes.GetValueOrDefault("service.instance.id");
}
