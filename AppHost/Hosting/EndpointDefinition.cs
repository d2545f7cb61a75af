namespace AppHost.Hosting;

/// <summary>An endpoint a resource serves: <c>{scheme, protocol, transport, targetPort, external}</c> in the manifest.</summary>
/// <param name="Name">Binding name (<c>http</c>, <c>tcp</c>).</param>
/// <param name="Scheme">URI scheme.</param>
/// <param name="Transport">Manifest transport (<c>http</c> or <c>tcp</c>).</param>
/// <param name="TargetPort">The port inside the container/app, when fixed.</param>
public sealed record EndpointDefinition(string Name, string Scheme, string Transport, int? TargetPort)
{
    /// <summary>Whether it is reachable from outside the environment (ingress in Azure Container Apps).</summary>
    public bool External { get; set; }
}
