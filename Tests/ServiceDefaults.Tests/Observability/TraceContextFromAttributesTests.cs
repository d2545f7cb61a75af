using System.Diagnostics;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Logs;
using ServiceDefaults.Telemetry;

namespace ServiceDefaults.Tests.Observability;

/// <summary>A line written away from its request still reaches OTLP with the request's trace and span ids.</summary>
public sealed class TraceContextFromAttributesTests
{
    private const string Trace = "4bf92f3577b34da6a3ce929d0e0e4736";
    private const string Span = "00f067aa0ba902b7";

    [Fact]
    public void ALineOutsideAnyActivityTakesTheIdsItCarriesAsFields()
    {
        var exported = Export(logger => logger.LogInformation("Request done trace={TraceId} span={SpanId}", Trace, Span));

        Assert.Equal(Trace, exported.TraceId.ToHexString());
        Assert.Equal(Span, exported.SpanId.ToHexString());
        Assert.Equal(ActivityTraceFlags.Recorded, exported.TraceFlags);
    }

    [Fact]
    public void TheAmbientTraceWinsOverFields()
    {
        using var activity = new Activity("request").SetIdFormat(ActivityIdFormat.W3C).Start();

        var exported = Export(logger => logger.LogInformation("Request done trace={TraceId} span={SpanId}", Trace, Span));

        Assert.Equal(activity.TraceId, exported.TraceId);
        Assert.Equal(activity.SpanId, exported.SpanId);
    }

    [Theory]
    [InlineData("4BF92F3577B34DA6A3CE929D0E0E4736", Span)]
    [InlineData("not-a-trace-id-at-all-32-chars!!", Span)]
    [InlineData(Trace, "00f067aa")]
    [InlineData(Trace, null)]
    public void MalformedOrMissingIdsLeaveTheRecordWithoutTrace(string trace, string? span)
    {
        var exported = Export(logger => logger.LogInformation("Request done trace={TraceId} span={SpanId}", trace, span));

        Assert.Equal(default, exported.TraceId);
        Assert.Equal(default, exported.SpanId);
    }

    private static (ActivityTraceId TraceId, ActivitySpanId SpanId, ActivityTraceFlags TraceFlags) Export(Action<ILogger> write)
    {
        var exporter = new Collector();
        using (var factory = LoggerFactory.Create(b => b.AddOpenTelemetry(o =>
        {
            o.AddProcessor(new TraceContextFromAttributes());
            o.AddProcessor(new SimpleLogRecordExportProcessor(exporter));
        })))
        {
            write(factory.CreateLogger("test"));
        }

        return Assert.Single(exporter.Records);
    }

    private sealed class Collector : BaseExporter<LogRecord>
    {
        public List<(ActivityTraceId, ActivitySpanId, ActivityTraceFlags)> Records { get; } = [];

        public override ExportResult Export(in Batch<LogRecord> batch)
        {
            foreach (var record in batch)
            {
                Records.Add((record.TraceId, record.SpanId, record.TraceFlags));
            }

            return ExportResult.Success;
        }
    }
}
