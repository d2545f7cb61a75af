using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using TestSupport.Processes;
using Inference.Api.Generation;
using Inference.Api.Models;
using Inference.Api.Onnx;

namespace Benchmarks.Engine.Peer;

/// <summary>
/// <c>dotnet run -c Release --project bench/Benchmarks -- engine-peer [rounds=15]</c>: the generation loop against
/// its peer, the same greedy generation with onnxruntime-node (ONNX Runtime's own Node binding, 1.30.0; the engine
/// runs 1.32.0 from the NuGet package) in a plain JS loop (<c>generate-loop.js</c>). Both use one intra-op thread, the shipped model, the
/// benchmark prompt and 32 new tokens; each side times its own rounds after 3 warm-up rounds. Phases run our
/// generator, node, our generator again so drift on a shared machine shows. The token sequences must be identical.
/// </summary>
internal static class EnginePeer
{
    private const string Package = "onnxruntime-node@1.30.0";
    private const int NewTokens = 32;

    public static async Task<int> RunAsync(string[] args)
    {
        var rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 15;
        var folder = Path.Combine(RepositoryLayout.RepoRoot, "models", "kjv-5m");
        var model = ModelFolder.Load(folder);
        using var session = new DecoderSession(model, new ModelOptions { IntraOpThreads = 1 });
        var prompt = model.Tokenizer.Encode("And God said, Let there be light: and there was light. And God saw the light");
        var generator = new TokenGenerator(session);

        var (ours, ourTokens) = Time(generator, prompt, rounds);
        var (node, nodeTokens) = await NodeAsync(folder, prompt, rounds);
        var (again, _) = Time(generator, prompt, rounds);

        Console.WriteLine($"// engine peer: prompt {prompt.Length} tokens, {NewTokens} new tokens, {rounds} rounds per phase, 1 intra-op thread; load {File.ReadAllText("/proc/loadavg").Trim()}");
        Console.WriteLine($"// same tokens on both sides: {ourTokens.SequenceEqual(nodeTokens)}");
        Console.WriteLine("| phase | mean ms | median ms | tokens/s (mean) |");
        Console.WriteLine("|---|---:|---:|---:|");
        foreach (var (name, ms) in new[] { ("TokenGenerator (ours, .NET)", ours), ("onnxruntime-node, JS loop (peer)", node), ("TokenGenerator again", again) })
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {ms.Average():F2} | {Median(ms):F2} | {NewTokens * 1000 / ms.Average():F0} |"));
        }

        return ourTokens.SequenceEqual(nodeTokens) ? 0 : 1;
    }

    private static (double[] Ms, int[] Tokens) Time(TokenGenerator generator, int[] prompt, int rounds)
    {
        int[] tokens = [];
        for (var i = 0; i < 3; i++)
        {
            tokens = Generate(generator, prompt);
        }

        var ms = new double[rounds];
        for (var i = 0; i < rounds; i++)
        {
            var start = Stopwatch.GetTimestamp();
            tokens = Generate(generator, prompt);
            ms[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }

        return (ms, tokens);
    }

    private static int[] Generate(TokenGenerator generator, int[] prompt) =>
        [.. generator.Generate(prompt, NewTokens, SamplingSettings.Greedy, CancellationToken.None).Select(t => t.Id)];

    private static async Task<(double[] Ms, int[] Tokens)> NodeAsync(string folder, int[] prompt, int rounds)
    {
        var module = await EnsureNodeModuleAsync();
        var script = Path.Combine(RepositoryLayout.RepoRoot, "bench", "Benchmarks", "Engine", "Peer", "generate-loop.js");
        var (exit, stdout, stderr) = await ProcessRun.RunAsync("node", RepositoryLayout.RepoRoot, null,
            [script, module, folder, JsonSerializer.Serialize(prompt), NewTokens.ToString(CultureInfo.InvariantCulture), "3", rounds.ToString(CultureInfo.InvariantCulture)]);
        if (exit != 0)
        {
            throw new InvalidOperationException("node generate-loop.js failed: " + stderr);
        }

        using var result = JsonDocument.Parse(stdout);
        return ([.. result.RootElement.GetProperty("ms").EnumerateArray().Select(e => e.GetDouble())],
                [.. result.RootElement.GetProperty("tokens").EnumerateArray().Select(e => e.GetInt32())]);
    }

    /// <summary>onnxruntime-node in the per-user cache the engine tests also use (its install script skipped: the package ships the CPU library).</summary>
    private static async Task<string> EnsureNodeModuleAsync()
    {
        var cache = Path.Combine(Environment.GetEnvironmentVariable("XDG_CACHE_HOME") ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache"),
            "inference-service", "onnxruntime-node");
        var module = Path.Combine(cache, "node_modules", "onnxruntime-node");
        if (!File.Exists(Path.Combine(module, "package.json")))
        {
            Directory.CreateDirectory(cache);
            await File.WriteAllTextAsync(Path.Combine(cache, "package.json"), "{\"name\":\"ort-reference\",\"private\":true}");
            var (exit, _, stderr) = await ProcessRun.RunAsync("npm", cache, new Dictionary<string, string> { ["ONNXRUNTIME_NODE_INSTALL"] = "skip" }, ["install", Package, "--no-audit", "--no-fund"]);
            if (exit != 0)
            {
                throw new InvalidOperationException($"npm install {Package} failed: {stderr}");
            }
        }

        return module;
    }

    private static double Median(double[] values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
