using System.Net.Sockets;
using System.Text;
using TestSupport.Processes;

namespace TestSupport.Cache;

/// <summary>
/// Readiness of a cache server by a real round trip: <c>AUTH</c> when a password is set, then <c>PING</c>,
/// expecting <c>+PONG</c>. A listening socket alone does not prove the server accepts commands.
/// </summary>
internal static class RespPing
{
    private static readonly TimeSpan s_attemptTimeout = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan s_retryDelay = TimeSpan.FromMilliseconds(100);

    /// <summary>One PING; true when the server answered <c>+PONG</c>.</summary>
    public static async Task<bool> PingAsync(CacheEndpoint endpoint, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(s_attemptTimeout);
        try
        {
            using var client = new TcpClient { NoDelay = true };
            await client.ConnectAsync(endpoint.Host, endpoint.Port, timeout.Token);
            var stream = client.GetStream();
            if (endpoint.Password is { } password)
            {
                await SendAsync(stream, timeout.Token, "AUTH", password);
                if (!(await ReadLineAsync(stream, timeout.Token)).StartsWith('+'))
                {
                    return false;
                }
            }

            await SendAsync(stream, timeout.Token, "PING");
            return await ReadLineAsync(stream, timeout.Token) == "+PONG";
        }
        catch (Exception e) when (e is SocketException or IOException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>Polls until PING succeeds; fails with a message naming the server, its address and its last output.</summary>
    public static async Task WaitUntilReadyAsync(
        CacheEndpoint endpoint, string name, ChildProcess? process, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (await PingAsync(endpoint, cancellationToken))
            {
                return;
            }

            if (process is { HasExited: true })
            {
                throw new CacheServerException(
                    $"{name} exited with code {process.ExitCode} before answering PING on {endpoint.Host}:{endpoint.Port}.{LastOutput(process)}");
            }

            if (DateTime.UtcNow >= deadline)
            {
                throw new CacheServerException(
                    $"{name} did not answer PING on {endpoint.Host}:{endpoint.Port} within {timeout.TotalSeconds:0} s.{LastOutput(process)}");
            }

            await Task.Delay(s_retryDelay, cancellationToken);
        }
    }

    private static string LastOutput(ChildProcess? process) =>
        process is null ? string.Empty : " Last output: " + string.Join(" | ", process.Output.Tail(5));

    private static async Task SendAsync(NetworkStream stream, CancellationToken cancellationToken, params string[] parts)
    {
        var builder = new StringBuilder().Append('*').Append(parts.Length).Append("\r\n");
        foreach (var part in parts)
        {
            builder.Append('$').Append(Encoding.UTF8.GetByteCount(part)).Append("\r\n").Append(part).Append("\r\n");
        }

        await stream.WriteAsync(Encoding.UTF8.GetBytes(builder.ToString()), cancellationToken);
    }

    private static async Task<string> ReadLineAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        var buffer = new byte[256];
        var length = 0;
        while (length < buffer.Length)
        {
            var read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken);
            if (read == 0)
            {
                break;
            }

            length += read;
            var end = buffer.AsSpan(0, length).IndexOf("\r\n"u8);
            if (end >= 0)
            {
                return Encoding.UTF8.GetString(buffer, 0, end);
            }
        }

        return Encoding.UTF8.GetString(buffer, 0, length);
    }
}
