using System.Diagnostics;
using System.Text.Json;

namespace Inference.Api.Tests.Tokenization;

/// <summary>Runs @huggingface/tokenizers under node (installed once into a per-user cache with npm).</summary>
internal static class ReferenceTokenizer
{
    public const string Package = "@huggingface/tokenizers@0.2.0";

    private static readonly string s_cache = Path.Combine(
        Environment.GetEnvironmentVariable("XDG_CACHE_HOME") ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache"),
        "inference-service", "node-tokenizers");

    private static readonly SemaphoreSlim s_install = new(1, 1);

    public static async Task<(int[] Ids, string Text)[]> EncodeAsync(string tokenizerFolder, IReadOnlyList<string> texts, bool addSpecialTokens)
    {
        var module = await EnsureInstalledAsync();
        var input = Path.Combine(Path.GetTempPath(), $"tok-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(input, JsonSerializer.Serialize(new { texts, addSpecialTokens }));
        try
        {
            var (exit, stdout, stderr) = await RunAsync("node", s_cache, TestPaths.TestData("Tokenization", "reference", "encode.mjs"), module, tokenizerFolder, input);
            Assert.True(exit == 0, "reference tokenizer failed: " + stderr);
            using var doc = JsonDocument.Parse(stdout);
            return [.. doc.RootElement.EnumerateArray().Select(e => (e.GetProperty("ids").EnumerateArray().Select(i => i.GetInt32()).ToArray(), e.GetProperty("text").GetString()!))];
        }
        finally
        {
            File.Delete(input);
        }
    }

    private static async Task<string> EnsureInstalledAsync()
    {
        var module = Path.Combine(s_cache, "node_modules", "@huggingface", "tokenizers", "dist", "tokenizers.mjs");
        await s_install.WaitAsync();
        try
        {
            if (!File.Exists(module))
            {
                Directory.CreateDirectory(s_cache);
                var manifest = Path.Combine(s_cache, "package.json");
                if (!File.Exists(manifest))
                {
                    await File.WriteAllTextAsync(manifest, "{\"name\":\"tokenizer-reference\",\"private\":true}");
                }

                var (exit, _, stderr) = await RunAsync("npm", s_cache, "install", Package, "--no-audit", "--no-fund");
                Assert.True(exit == 0, $"npm install {Package} failed: {stderr}");
            }
        }
        finally
        {
            s_install.Release();
        }

        return module;
    }

    private static async Task<(int Exit, string Stdout, string Stderr)> RunAsync(string file, string workingDirectory, params string[] args)
    {
        var info = new ProcessStartInfo(file) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }
}
