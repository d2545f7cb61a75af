using System.Diagnostics;
using System.Text.Json;

namespace Inference.Api.Tests.Tokenization;

/// <summary>
/// Drives the committed reference script through node with @huggingface/tokenizers, installed on first use into a
/// cache folder outside the repository.
/// </summary>
internal static class NodeReferenceTokenizer
{
    private const string PackageName = "@huggingface/tokenizers";
    private static readonly TimeSpan s_installTimeout = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan s_runTimeout = TimeSpan.FromMinutes(2);
    private static readonly SemaphoreSlim s_installLock = new(1, 1);

    /// <summary>The cache folder npm installs into.</summary>
    public static string CacheDirectory { get; } = Path.Combine(
        Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "inference-service", "node-tokenizers");

    private static string PackageDirectory => Path.Combine(CacheDirectory, "node_modules", "@huggingface", "tokenizers");

    /// <summary>Encodes and decodes <paramref name="texts"/> with the reference; one result per text.</summary>
    public static async Task<IReadOnlyList<ReferenceResult>> RunAsync(string tokenizerPath, IReadOnlyList<string> texts)
    {
        await EnsureInstalledAsync();
        string textsPath = Path.Combine(Path.GetTempPath(), $"tokenizer-texts-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(textsPath, JsonSerializer.Serialize(texts));
        try
        {
            string script = Path.Combine(TestTokenizers.RepositoryRoot, "Tests", "Inference.Api.Tests", "Tokenization", "reference", "encode-decode.cjs");
            string output = await RunProcessAsync("node", [script, PackageDirectory, tokenizerPath, textsPath], s_runTimeout);
            var results = JsonSerializer.Deserialize<List<ReferenceResult>>(output, new JsonSerializerOptions { PropertyNameCaseInsensitive = true });
            return results ?? throw new InvalidOperationException("the reference printed no results");
        }
        finally
        {
            File.Delete(textsPath);
        }
    }

    private static async Task EnsureInstalledAsync()
    {
        await s_installLock.WaitAsync();
        try
        {
            if (!File.Exists(Path.Combine(PackageDirectory, "package.json")))
            {
                Directory.CreateDirectory(CacheDirectory);
                await RunProcessAsync("npm", ["install", "--prefix", CacheDirectory, "--no-audit", "--no-fund", PackageName], s_installTimeout);
            }
        }
        finally
        {
            s_installLock.Release();
        }
    }

    private static async Task<string> RunProcessAsync(string file, IEnumerable<string> args, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {file}");
        using var cts = new CancellationTokenSource(timeout);
        var stdout = process.StandardOutput.ReadToEndAsync(cts.Token);
        var stderr = process.StandardError.ReadToEndAsync(cts.Token);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} did not finish within {timeout}");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} exited with {process.ExitCode}: {await stderr}");
        }

        return await stdout;
    }
}
