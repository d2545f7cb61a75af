using TestSupport.Processes;

namespace Inference.Api.Tests.Engine;

/// <summary>onnxruntime-node, installed once into a per-user cache (its install script is skipped: the package ships the CPU library).</summary>
internal static class OnnxRuntimeNode
{
    public const string Package = "onnxruntime-node@1.30.0";

    private static readonly string s_cache = Path.Combine(
        Environment.GetEnvironmentVariable("XDG_CACHE_HOME") ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache"),
        "inference-service", "onnxruntime-node");

    private static readonly SemaphoreSlim s_install = new(1, 1);

    public static async Task<string> EnsureInstalledAsync()
    {
        var module = Path.Combine(s_cache, "node_modules", "onnxruntime-node");
        await s_install.WaitAsync();
        try
        {
            if (!File.Exists(Path.Combine(module, "package.json")))
            {
                Directory.CreateDirectory(s_cache);
                await File.WriteAllTextAsync(Path.Combine(s_cache, "package.json"), "{\"name\":\"ort-reference\",\"private\":true}");
                var (exit, _, stderr) = await RunAsync("npm", s_cache, new() { ["ONNXRUNTIME_NODE_INSTALL"] = "skip" }, "install", Package, "--no-audit", "--no-fund");
                Assert.True(exit == 0, $"npm install {Package} failed: {stderr}");
            }
        }
        finally
        {
            s_install.Release();
        }

        return module;
    }

    /// <summary>Runs a command to completion (see <see cref="ProcessRun"/>).</summary>
    public static Task<(int Exit, string Stdout, string Stderr)> RunAsync(string file, string workingDirectory, Dictionary<string, string>? env, params string[] args) =>
        ProcessRun.RunAsync(file, workingDirectory, env, args);
}
