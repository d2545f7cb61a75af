namespace AppHost.Dashboard;

/// <summary>The dashboard's two loopback ports.</summary>
/// <param name="Ui">Pages and the JSON API.</param>
/// <param name="Otlp">The OTLP/HTTP receiver.</param>
internal sealed record DashboardPorts(int Ui, int Otlp);
