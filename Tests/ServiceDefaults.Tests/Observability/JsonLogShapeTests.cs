using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace ServiceDefaults.Tests.Observability;

public sealed class JsonLogShapeTests
{
    [Fact]
    public void LogsAreOneJsonObjectPerLineWithScopesEvenWhenTheOrchestratorAsksForSimple()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Logging:Console:FormatterName"] = "simple" });
        builder.AddServiceDefaults();
        using var app = builder.Build();
        var options = app.Services.GetRequiredService<IOptionsMonitor<ConsoleLoggerOptions>>().CurrentValue;
        var formatter = app.Services.GetServices<ConsoleFormatter>().Single(f => f.Name == options.FormatterName);
        var scopes = new LoggerExternalScopeProvider();
        using var writer = new StringWriter();

        using (scopes.Push(new Dictionary<string, object?> { ["RequestId"] = "req-42", ["TraceId"] = "abc123" }))
        {
            var entry = new LogEntry<string>(LogLevel.Warning, "Inference.Api.Test", new EventId(1001, "RequestCompleted"), "state", null, (s, _) => "request finished");
            formatter.Write(in entry, scopes, writer);
        }

        var lines = writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(ConsoleFormatterNames.Json, options.FormatterName);
        var line = Assert.Single(lines);
        var root = JsonDocument.Parse(line).RootElement;
        Assert.Equal("Warning", root.GetProperty("LogLevel").GetString());
        Assert.Equal("Inference.Api.Test", root.GetProperty("Category").GetString());
        Assert.Equal(1001, root.GetProperty("EventId").GetInt32());
        Assert.Equal("request finished", root.GetProperty("Message").GetString());
        Assert.EndsWith("Z", root.GetProperty("Timestamp").GetString(), StringComparison.Ordinal);
        Assert.Contains(root.GetProperty("Scopes").EnumerateArray(), s => s.TryGetProperty("RequestId", out var r) && r.GetString() == "req-42");
    }
}
