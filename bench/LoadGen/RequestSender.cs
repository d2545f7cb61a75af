using System.Diagnostics;
using System.Net.Sockets;
using System.Text.Json;

namespace LoadGen;

/// <summary>Sends one request and measures it from the intended and the actual send time.</summary>
internal sealed class RequestSender(HttpClient client, LoadGenOptions options)
{
    private readonly Uri _target = new(options.Url, options.Route == TargetRoute.Generate ? "/generate" : "/v1/chat/completions");
    private readonly byte[] _body = BuildBody(options);

    /// <summary>The request body every call sends.</summary>
    internal static byte[] BuildBody(LoadGenOptions options) => options.Route == TargetRoute.Generate
        ? JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object> { ["prompt"] = options.Prompt, ["max_tokens"] = options.MaxTokens, ["stream"] = options.Stream })
        : JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["model"] = "default",
            ["messages"] = new[] { new Dictionary<string, string> { ["role"] = "user", ["content"] = options.Prompt } },
            ["max_tokens"] = options.MaxTokens,
            ["stream"] = options.Stream,
            ["stream_options"] = new Dictionary<string, bool> { ["include_usage"] = options.Stream },
        });

    /// <summary>Sends now; <paramref name="intendedTicks"/> is when the schedule wanted it sent.</summary>
    public async Task<RequestSample> SendAsync(long intendedTicks, CancellationToken cancellationToken)
    {
        var sent = Stopwatch.GetTimestamp();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Timeout);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, _target) { Content = new ByteArrayContent(_body) };
            request.Content.Headers.ContentType = new("application/json");
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var status = (int)response.StatusCode;
            await using var stream = await response.Content.ReadAsStreamAsync(timeout.Token);
            if (!response.IsSuccessStatusCode)
            {
                await stream.CopyToAsync(Stream.Null, timeout.Token);
                var end = Stopwatch.GetTimestamp();
                var retry = status == 429 ? RetryAfterSeconds(response) : -1;
                return new RequestSample(status, status == 429 ? "rejected" : $"http_{status}", Seconds(intendedTicks, end), Seconds(sent, end), double.NaN, -1, retry);
            }

            long firstContent;
            int tokens;
            if (options.Stream)
            {
                var sse = await SseReader.ReadAsync(stream, options.Route, timeout.Token);
                if (!sse.Completed)
                {
                    var cut = Stopwatch.GetTimestamp();
                    return new RequestSample(status, "stream_incomplete", Seconds(intendedTicks, cut), Seconds(sent, cut), double.NaN, sse.OutputTokens, -1);
                }

                firstContent = sse.FirstContentTicks;
                tokens = sse.OutputTokens;
            }
            else
            {
                using var buffer = new MemoryStream();
                await stream.CopyToAsync(buffer, timeout.Token);
                firstContent = 0;
                tokens = SseReader.OutputTokensOfJson(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), options.Route);
            }

            var done = Stopwatch.GetTimestamp();
            // Without streaming (or when no text came) the first token reaches the client with the whole body.
            var ttft = firstContent == 0 ? Seconds(sent, done) : Seconds(sent, firstContent);
            return new RequestSample(status, null, Seconds(intendedTicks, done), Seconds(sent, done), ttft, tokens, -1, firstContent != 0);
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or IOException or JsonException)
        {
            var failed = Stopwatch.GetTimestamp();
            return new RequestSample(0, Classify(e, cancellationToken), Seconds(intendedTicks, failed), Seconds(sent, failed), double.NaN, -1, -1);
        }
    }

    /// <summary>Names an exception the way the report groups errors.</summary>
    internal static string Classify(Exception e, CancellationToken runToken)
    {
        if (e is OperationCanceledException)
        {
            return runToken.IsCancellationRequested ? "cancelled" : "timeout";
        }

        for (var inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is SocketException socket)
            {
                return socket.SocketErrorCode switch
                {
                    SocketError.ConnectionRefused => "connection_refused",
                    SocketError.ConnectionReset => "connection_reset",
                    SocketError.TimedOut => "timeout",
                    _ => "socket_" + socket.SocketErrorCode.ToString().ToLowerInvariant(),
                };
            }
        }

        return e switch
        {
            HttpRequestException { HttpRequestError: HttpRequestError.ResponseEnded } => "response_ended",
            JsonException => "bad_body",
            _ => e.GetType().Name,
        };
    }

    private static double RetryAfterSeconds(HttpResponseMessage response) =>
        response.Headers.RetryAfter switch
        {
            { Delta: { } delta } => delta.TotalSeconds,
            { Date: { } date } => Math.Max(0, (date - DateTimeOffset.UtcNow).TotalSeconds),
            _ => -1,
        };

    private static double Seconds(long from, long to) => (double)(to - from) / Stopwatch.Frequency;
}
