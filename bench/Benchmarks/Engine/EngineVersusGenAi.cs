using System.Diagnostics;
using System.Globalization;
using TestSupport.Processes;
using Inference.Api.Generation;
using Inference.Api.Onnx;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Options;
using Microsoft.ML.OnnxRuntimeGenAI;

namespace Benchmarks.Engine;

/// <summary>
/// <c>dotnet run -c Release --project bench/Benchmarks -- engine-genai [rounds=20] [intra-op threads=0] [spinning=false]</c>: one stream,
/// in process, our engine as the service runs it (<see cref="InferenceEngine.GenerateAsync"/>: the batch scheduler's
/// decode thread handing tokens to the caller) and its bare single-sequence loop (<see cref="TokenGenerator"/>, no
/// thread hand-off), against ORT GenAI 0.20's <c>Generator</c> loop (<c>AppendTokens</c>, then
/// <c>GenerateNextToken</c> until done) on the same model folder, prompt ids, greedy decoding and
/// <see cref="NewTokens"/> new tokens. Both sides use the given intra-op threads (0: one per core, the service's
/// default; GenAI gets the same through a config overlay); <c>spinning</c> sets our
/// <see cref="ModelOptions.IntraOpSpinning"/>; GenAI runs twice, with ONNX Runtime's default (spinning on) and with spinning off
/// (a config overlay), so the comparison also holds setting for setting. Phases alternate round by round so drift on a shared
/// machine hits every side; each round is timed from the first call to the last token. Every side must produce the
/// same tokens; the exit code is 1 otherwise.
/// </summary>
internal static class EngineVersusGenAi
{
    private const int NewTokens = 64;
    private const int WarmupRounds = 3;
    private const string Prompt = "And God said, Let there be light: and there was light. And God saw the light";

    public static async Task<int> RunAsync(string[] args)
    {
        var rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 20;
        var threads = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 0;
        var spinning = args.Length > 3 && bool.Parse(args[3]);
        var folder = Path.Combine(RepositoryLayout.RepoRoot, "models", "kjv-5m");
        var environment = new HostingEnvironment { ContentRootPath = RepositoryLayout.RepoRoot };
        using var engine = new InferenceEngine(Options.Create(new ModelOptions { Path = folder, IntraOpThreads = threads, IntraOpSpinning = spinning }), environment);
        var prompt = engine.Model.Tokenizer.Encode(Prompt);
        using var config = new Config(folder);
        if (threads > 0)
        {
            config.Overlay(Overlay(threads, null));
        }

        using var model = new Model(config);

        // The same switch for GenAI, so the comparison also holds setting for setting.
        using var quietConfig = new Config(folder);
        quietConfig.Overlay(Overlay(threads, """ "session.intra_op.allow_spinning":"0" """));
        using var quietModel = new Model(quietConfig);
        var sides = new (string Name, Func<Task<int[]>> Run)[]
        {
            ("our engine, service path (decode thread + channel)", async () => await ServicePathAsync(engine, prompt)),
            ("ORT GenAI 0.20 Generator loop", () => Task.FromResult(GenAi(model, prompt))),
            ("our TokenGenerator (no hand-off)", () => Task.FromResult(Bare(engine, prompt))),
            ("ORT GenAI 0.20, intra-op spinning off", () => Task.FromResult(GenAi(quietModel, prompt))),
        };
        var tokens = new int[sides.Length][];
        var ms = sides.Select(_ => new List<double>()).ToArray();
        for (var round = 0; round < WarmupRounds + rounds; round++)
        {
            for (var s = 0; s < sides.Length; s++)
            {
                var start = Stopwatch.GetTimestamp();
                tokens[s] = await sides[s].Run();
                if (round >= WarmupRounds)
                {
                    ms[s].Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                }
            }
        }

        var same = tokens.All(t => t.SequenceEqual(tokens[0]));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"// engine-genai: prompt {prompt.Length} tokens, {tokens[0].Length} new tokens, greedy, {rounds} timed rounds per side after {WarmupRounds} warm-up, intra-op threads {threads} (0 = one per core), our intra-op spinning {spinning}, {Environment.ProcessorCount} cores; load {File.ReadAllText("/proc/loadavg").Trim()}"));
        Console.WriteLine($"// same tokens on every side: {same}");
        Console.WriteLine("| side | mean ms | median ms | tokens/s (median) | vs GenAI |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        var genAi = Median(ms[1]);
        for (var s = 0; s < sides.Length; s++)
        {
            var median = Median(ms[s]);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {sides[s].Name} | {ms[s].Average():F2} | {median:F2} | {tokens[s].Length * 1000 / median:F0} | {genAi / median:F3}x |"));
        }

        return same ? 0 : 1;
    }

    private static async Task<int[]> ServicePathAsync(InferenceEngine engine, int[] prompt)
    {
        var ids = new List<int>(NewTokens);
        await foreach (var token in engine.GenerateAsync(prompt, NewTokens, SamplingSettings.Greedy, CancellationToken.None))
        {
            ids.Add(token.Id);
        }

        return [.. ids];
    }

    private static int[] Bare(InferenceEngine engine, int[] prompt) =>
        [.. engine.Generator.Generate(prompt, NewTokens, SamplingSettings.Greedy, CancellationToken.None).Select(t => t.Id)];

    private static int[] GenAi(Model model, int[] prompt)
    {
        using var parameters = new GeneratorParams(model);
        parameters.SetSearchOption("max_length", prompt.Length + NewTokens);
        parameters.SetSearchOption("do_sample", false);
        using var generator = new Generator(model, parameters);
        generator.AppendTokens(prompt);
        var ids = new List<int>(NewTokens);
        while (!generator.IsDone())
        {
            generator.GenerateNextToken();
            ids.Add(generator.GetSequence(0)[^1]);
        }

        return [.. ids];
    }

    // GenAI's session options for the decoder: the thread count (0 keeps ORT's default) and any extra entries.
    private static string Overlay(int threads, string? entries)
    {
        var options = new List<string>();
        if (threads > 0)
        {
            options.Add("\"intra_op_num_threads\":" + threads.ToString(CultureInfo.InvariantCulture));
        }

        if (entries is not null)
        {
            options.Add(entries.Trim());
        }

        return "{\"model\":{\"decoder\":{\"session_options\":{" + string.Join(",", options) + "}}}}";
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
