
namespace LoadGen.Tests;

public sealed class CommandLineTests
{
    private static async Task<(int Exit, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await LoadGenApp.RunAsync(args, output, error, CancellationToken.None);
        return (exit, error.ToString());
    }

    [Theory]
    [InlineData("--route generate", "--url")]
    [InlineData("--url ftp://x --rate 5", "--url must be an absolute http(s)")]
    [InlineData("--url http://127.0.0.1:1 --route embeddings", "--route must be 'generate' or 'chat'")]
    [InlineData("--url http://127.0.0.1:1 --rate 5 --concurrency 2", "cannot both be given")]
    [InlineData("--url http://127.0.0.1:1 --rate -3", "--rate must be above 0")]
    [InlineData("--url http://127.0.0.1:1 --rate abc", "abc")]
    [InlineData("--url http://127.0.0.1:1 --duration forever", "--duration must be a positive duration")]
    [InlineData("--url http://127.0.0.1:1 --max-error-rate 2", "--max-error-rate must be between 0 and 1")]
    [InlineData("--url http://127.0.0.1:1 --window 7m", "--window must be one of")]
    [InlineData("--url http://127.0.0.1:1 --bogus", "--bogus")]
    public async Task BadArgumentsGiveAClearMessageAndExitCodeTwo(string args, string expected)
    {
        var (exit, error) = await RunAsync(args.Split(' '));
        Assert.Equal(2, exit);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnreachableServerIsCountedAsConnectionRefusedAndFailsTheErrorRateCheck()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var json = Path.GetTempFileName();
        var (exit, _) = await RunAsync("--url", $"http://127.0.0.1:{port}", "--concurrency", "2", "--requests", "6", "--max-error-rate", "0.1", "--out", json);
        var text = await File.ReadAllTextAsync(json);
        File.Delete(json);
        Assert.Equal(1, exit);
        Assert.Contains("\"connection_refused\": 6", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("500ms", 0.5)]
    [InlineData("30s", 30)]
    [InlineData("2m", 120)]
    [InlineData("1h", 3600)]
    [InlineData("7", 7)]
    public void DurationsAcceptCommonUnits(string text, double seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), LoadGenCommand.ParseDuration(text));
}
