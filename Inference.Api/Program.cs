var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddInferenceTelemetry();
builder.AddCacheClient();
builder.AddInferenceEngine();
builder.AddInferenceApi();

var app = builder.Build();

app.MapInferenceApi();
app.MapDefaultEndpoints();

app.Run();

/// <summary>The entry point, visible to <c>WebApplicationFactory</c> in the tests.</summary>
public partial class Program;
