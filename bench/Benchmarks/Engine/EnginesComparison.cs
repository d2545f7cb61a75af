using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using TestSupport.Processes;
using Benchmarks.Faults;
using Inference.Api.GenAi;
using Inference.Api.Onnx;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Options;

namespace Benchmarks.Engine;

/// <summary>
/// <c>dotnet run -c Release --project bench/Benchmarks -- engines [rounds=3] [intra-op threads=1]</c>: the two engines
/// behind <see cref="IChatClient"/> in the same run. In process: <see cref="OnnxChatClient"/> over our engine (batched,
/// MaxBatchSize 8) and over <see cref="GenAiEngine"/> (ONNX Runtime GenAI, a generator per request) loaded side by side. Over HTTP: one
/// Inference.Api process per engine (Release build, <c>Model__Engine</c>), each with its own redis-server, called with
/// non-streaming <c>/v1/chat/completions</c>; the RSS of each process is sampled after every round. At 1, 2, 4 and 8
/// concurrent streams, each stream asks for <see cref="EngineWorkload.NewTokens"/> greedy tokens from a raw-text prompt (the prompt set of
/// engine-concurrency); one warm-up round, then <c>rounds</c> timed rounds per engine, alternating engines so drift on a
/// shared machine hits both. Tokens/s = output tokens (from usage) / wall time. The engines must write the same text
/// (greedy parity); the exit code is 1 otherwise.
/// </summary>
internal static class EnginesComparison
{
    public static async Task<int> RunAsync(string[] args)
    {
        var rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3;
        var threads = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 1;
        Console.WriteLine($"// engines: {EngineWorkload.NewTokens} new tokens per stream, greedy, {rounds} timed rounds per level and engine, {Environment.ProcessorCount} cores, intra-op threads {threads}; load {File.ReadAllText("/proc/loadavg").Trim()}");
        var same = await InProcessAsync(rounds, threads);
        same &= await OverHttpAsync(rounds, threads);
        return same ? 0 : 1;
    }

    private static async Task<bool> InProcessAsync(int rounds, int threads)
    {
        var environment = new HostingEnvironment { ContentRootPath = RepositoryLayout.RepoRoot };
        var rssBefore = ProcessMemory.RssMb(Environment.ProcessId);
        // Both engines bind the one ONNX Runtime 1.32 native library of the Microsoft.ML.OnnxRuntime package.
        using var genai = new GenAiEngine(Options.Create(new ModelOptions { Engine = ModelOptions.GenAiEngine, IntraOpThreads = threads }), environment);
        var rssGenAi = ProcessMemory.RssMb(Environment.ProcessId);
        using var ours = new InferenceEngine(Options.Create(new ModelOptions { MaxBatchSize = 8, IntraOpThreads = threads }), environment);
        var rssBoth = ProcessMemory.RssMb(Environment.ProcessId);
        Func<string, Task<(string Text, long Tokens)>> onnx = p => CompleteAsync(new OnnxChatClient(ours), p);
        Func<string, Task<(string Text, long Tokens)>> gen = p => CompleteAsync(new OnnxChatClient(genai), p);
        var (rows, same) = await CompareAsync(onnx, gen, rounds, () => { });
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"// in process (IChatClient): RSS {rssBefore:F0} MB before loading, +{rssGenAi - rssBefore:F0} MB ORT GenAI, +{rssBoth - rssGenAi:F0} MB our engine; same text: {same}"));
        Print(rows, "onnxruntime (ours)", "genai");
        return same;
    }

    private static async Task<bool> OverHttpAsync(int rounds, int threads)
    {
        Dictionary<string, string> Settings(string engine) => new() { ["Model__Engine"] = engine, ["Model__IntraOpThreads"] = threads.ToString(CultureInfo.InvariantCulture) };
        await using var ours = await LocalSystem.StartAsync(replicas: 0, inferenceSettings: Settings(ModelOptions.OnnxRuntimeEngine));
        await using var genai = await LocalSystem.StartAsync(replicas: 0, inferenceSettings: Settings(ModelOptions.GenAiEngine));
        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(2) };
        var idle = (Ours: ProcessMemory.RssMb(ours.InferenceProcess.Id), GenAi: ProcessMemory.RssMb(genai.InferenceProcess.Id));
        var peak = idle;
        var (rows, same) = await CompareAsync(p => ChatAsync(http, ours.Inference, p), p => ChatAsync(http, genai.Inference, p), rounds,
            () => peak = (Math.Max(peak.Ours, ProcessMemory.RssMb(ours.InferenceProcess.Id)), Math.Max(peak.GenAi, ProcessMemory.RssMb(genai.InferenceProcess.Id))));
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"// over HTTP (POST /v1/chat/completions, one service process per engine): RSS after start ours {idle.Ours:F0} MB, genai {idle.GenAi:F0} MB; peak ours {peak.Ours:F0} MB, genai {peak.GenAi:F0} MB; same text: {same}"));
        Print(rows, "onnxruntime (ours)", "genai");
        return same;
    }

    // Per level: a warm-up round per engine (their texts compared), then alternating timed rounds.
    private static async Task<(List<(int Level, double A, double B)> Rows, bool Same)> CompareAsync(
        Func<string, Task<(string Text, long Tokens)>> a, Func<string, Task<(string Text, long Tokens)>> b, int rounds, Action sample)
    {
        var rows = new List<(int, double, double)>();
        var same = true;
        foreach (var level in EngineWorkload.Levels)
        {
            var warmA = await RoundAsync(a, level);
            var warmB = await RoundAsync(b, level);
            same &= warmA.Texts.SequenceEqual(warmB.Texts);
            var (tokensA, secondsA, tokensB, secondsB) = (0L, 0.0, 0L, 0.0);
            for (var round = 0; round < rounds; round++)
            {
                var ra = await RoundAsync(a, level);
                var rb = await RoundAsync(b, level);
                (tokensA, secondsA, tokensB, secondsB) = (tokensA + ra.Tokens, secondsA + ra.Seconds, tokensB + rb.Tokens, secondsB + rb.Seconds);
                sample();
            }

            rows.Add((level, tokensA / secondsA, tokensB / secondsB));
        }

        return (rows, same);
    }

    private static async Task<(string[] Texts, long Tokens, double Seconds)> RoundAsync(Func<string, Task<(string Text, long Tokens)>> complete, int level)
    {
        var start = Stopwatch.GetTimestamp();
        var results = await Task.WhenAll(Enumerable.Range(0, level).Select(i => Task.Run(() => complete(EngineWorkload.Prompts[i % EngineWorkload.Prompts.Length]))));
        return ([.. results.Select(r => r.Text)], results.Sum(r => r.Tokens), Stopwatch.GetElapsedTime(start).TotalSeconds);
    }

    private static async Task<(string Text, long Tokens)> CompleteAsync(IChatClient client, string prompt)
    {
        var response = await client.GetResponseAsync([new ChatMessage(ChatRole.User, prompt)],
            new ChatOptions { MaxOutputTokens = EngineWorkload.NewTokens, Temperature = 0, AdditionalProperties = new() { [OnnxChatClient.RawPromptOption] = true } });
        return (response.Text, response.Usage?.OutputTokenCount ?? 0);
    }

    private static async Task<(string Text, long Tokens)> ChatAsync(HttpClient http, Uri service, string prompt)
    {
        using var response = await http.PostAsJsonAsync(new Uri(service, "/v1/chat/completions"),
            new { model = "kjv-5m", max_tokens = EngineWorkload.NewTokens, temperature = 0, messages = new[] { new { role = "user", content = prompt } } });
        response.EnsureSuccessStatusCode();
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = body.RootElement;
        return (root.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString()!, root.GetProperty("usage").GetProperty("completion_tokens").GetInt64());
    }

    private static void Print(List<(int Level, double A, double B)> rows, string a, string b)
    {
        Console.WriteLine($"| streams | {a} tokens/s | {b} tokens/s | ours / genai | ours vs ours at 1 | genai vs genai at 1 |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|");
        foreach (var (level, ra, rb) in rows)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {level} | {ra:F0} | {rb:F0} | {ra / rb:F2}× | {ra / rows[0].A:F2}× | {rb / rows[0].B:F2}× |"));
        }
    }
}
