using Telemetry.Aggregator;
using Telemetry.Aggregator.Alerts;
using Telemetry.Aggregator.Overview;
using Telemetry.Aggregator.Stats;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddAggregatorTelemetry();
builder.AddCacheClient();
builder.AddAggregator();
builder.Services.AddOverviewPage();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapStatsApi();
app.MapAlertsApi();
app.MapOverviewPage();

app.Run();

/// <summary>The entry point, visible to <c>WebApplicationFactory</c> in the tests.</summary>
public partial class Program;
