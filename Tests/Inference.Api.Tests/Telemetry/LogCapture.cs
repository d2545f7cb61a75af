using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Tests.Shared;

namespace Inference.Api.Tests.Telemetry;

/// <summary>A logging provider that keeps every line with its fields, as a log shipper would see them.</summary>
internal sealed class LogCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<CapturedLog> _lines = new();

    public IReadOnlyCollection<CapturedLog> Lines => _lines;

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _lines);

    public void Dispose()
    {
    }

    /// <summary>Waits (bounded) for the first line with this event id that matches.</summary>
    public Task<CapturedLog> WaitForAsync(int eventId, Func<CapturedLog, bool> match) =>
        Eventually.ValueAsync(
            () => _lines.FirstOrDefault(l => l.EventId == eventId && match(l)), $"a log line with event id {eventId}",
            seen: () => $"{_lines.Count} lines");

    private sealed class Logger(string category, ConcurrentQueue<CapturedLog> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var fields = state is IEnumerable<KeyValuePair<string, object?>> pairs
                ? pairs.ToDictionary(p => p.Key, p => p.Value is IFormattable f ? f.ToString(null, System.Globalization.CultureInfo.InvariantCulture) : p.Value?.ToString())
                : [];
            lines.Enqueue(new CapturedLog(category, eventId.Id, logLevel, formatter(state, exception), fields));
        }
    }
}

/// <summary>One captured line: category, event id, level, formatted message and its structured fields.</summary>
internal sealed record CapturedLog(string Category, int EventId, LogLevel Level, string Message, IReadOnlyDictionary<string, string?> Fields);
