using System.Diagnostics;
using System.Text.Json;

namespace LoadGen;

/// <summary>What a streamed response carried.</summary>
/// <param name="FirstContentTicks">Stopwatch ticks when the first non-empty text delta arrived, or 0.</param>
/// <param name="OutputTokens">Output tokens from the usage event, or -1 when none came.</param>
/// <param name="Completed">True when the stream ended properly (usage event for /generate, <c>[DONE]</c> for chat).</param>
internal readonly record struct SseResult(long FirstContentTicks, int OutputTokens, bool Completed);

/// <summary>
/// Reads the two SSE formats of Inference.Api. <c>/generate</c>: <c>data: {"delta":"..."}</c> per piece, then
/// <c>event: usage</c> with <c>data: {..,"usage":{"input_tokens":n,"output_tokens":m}}</c>. Chat: OpenAI chunks
/// <c>data: {"choices":[{"delta":{"content":"..."}}]}</c> (the first carries only the role), a chunk with empty
/// choices and <c>usage.completion_tokens</c> when <c>stream_options.include_usage</c> is set, then <c>data: [DONE]</c>.
/// </summary>
internal static class SseReader
{
    /// <summary>Reads <paramref name="body"/> to its end.</summary>
    public static async Task<SseResult> ReadAsync(Stream body, TargetRoute route, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(body);
        string? eventName = null;
        long firstContent = 0;
        var tokens = -1;
        var completed = false;
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length == 0)
            {
                eventName = null;
                continue;
            }

            if (line.StartsWith("event:", StringComparison.Ordinal))
            {
                eventName = line[6..].Trim();
                continue;
            }

            if (!line.StartsWith("data:", StringComparison.Ordinal))
            {
                continue;
            }

            var data = line.AsSpan(5).Trim();
            if (data.SequenceEqual("[DONE]"))
            {
                completed = route == TargetRoute.Chat;
                continue;
            }

            using var json = JsonDocument.Parse(data.ToString());
            var root = json.RootElement;
            if (route == TargetRoute.Generate)
            {
                if (eventName == "usage")
                {
                    tokens = OutputTokens(root, "output_tokens");
                    completed = true;
                }
                else if (firstContent == 0 && root.TryGetProperty("delta", out var delta) && delta.GetString() is { Length: > 0 })
                {
                    firstContent = Stopwatch.GetTimestamp();
                }

                continue;
            }

            if (root.TryGetProperty("usage", out var usage) && usage.ValueKind == JsonValueKind.Object)
            {
                tokens = OutputTokens(root, "completion_tokens");
            }

            if (firstContent == 0 && root.TryGetProperty("choices", out var choices) && choices.ValueKind == JsonValueKind.Array)
            {
                foreach (var choice in choices.EnumerateArray())
                {
                    if (choice.TryGetProperty("delta", out var d) && d.TryGetProperty("content", out var c) && c.GetString() is { Length: > 0 })
                    {
                        firstContent = Stopwatch.GetTimestamp();
                        break;
                    }
                }
            }
        }

        return new SseResult(firstContent, tokens, completed);
    }

    /// <summary>Output tokens from a non-streamed body (<c>usage.output_tokens</c> or <c>usage.completion_tokens</c>), or -1.</summary>
    public static int OutputTokensOfJson(ReadOnlySpan<byte> body, TargetRoute route)
    {
        try
        {
            using var json = JsonDocument.Parse(body.ToArray());
            return OutputTokens(json.RootElement, route == TargetRoute.Generate ? "output_tokens" : "completion_tokens");
        }
        catch (JsonException)
        {
            return -1;
        }
    }

    private static int OutputTokens(JsonElement root, string name) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty("usage", out var usage) && usage.ValueKind == JsonValueKind.Object
        && usage.TryGetProperty(name, out var n) && n.TryGetInt32(out var v) ? v : -1;
}
