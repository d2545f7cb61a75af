using Telemetry.Aggregator;
using Telemetry.Aggregator.Alerts;
using Telemetry.Aggregator.Stats;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddCacheClient();
builder.AddAggregator();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapStatsApi();
app.MapAlertsApi();

app.Run();

/// <summary>The entry point, visible to <c>WebApplicationFactory</c> in the tests.</summary>
public partial class Program;
