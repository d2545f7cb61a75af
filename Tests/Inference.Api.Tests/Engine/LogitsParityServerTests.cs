using System.Text.Json;
using Inference.Api.Generation;
using Microsoft.ML.OnnxRuntime;

namespace Inference.Api.Tests.Engine;

/// <summary>Our session and KV-cache loop against onnxruntime-node running the same model folder.</summary>
public sealed class LogitsParityServerTests(EngineFixture engine) : IClassFixture<EngineFixture>
{
    private const float Tolerance = 1e-4f;
    private const int Steps = 16;

    [Fact]
    public async Task PrefillAndSixteenDecodeStepsMatchOnnxRuntimeNodeWithin1e4()
    {
        var prompt = engine.Model.Tokenizer.Encode("And God said unto Moses,");
        var reference = await ReferenceAsync(prompt);
        var vocab = engine.Model.Config.VocabSize;
        var logits = new float[vocab];
        OrtValue[]? past = null;
        var length = 0;
        long[] input = Array.ConvertAll(prompt, t => (long)t);
        var worst = 0f;
        var tokens = new List<int>();

        for (var step = 0; step <= Steps; step++)
        {
            var mask = Enumerable.Repeat(1L, length + input.Length).ToArray();
            var positions = Enumerable.Range(length, input.Length).Select(p => (long)p).ToArray();
            using var output = engine.Session.Run(input, mask, positions, 1, input.Length, past, null);
            foreach (var old in past ?? [])
            {
                old.Dispose();
            }

            output.CopyLogits(0, input.Length - 1, input.Length, logits);
            worst = Math.Max(worst, logits.Zip(reference.Rows[step]).Max(p => Math.Abs(p.First - p.Second)));
            var best = Array.IndexOf(logits, logits.Max());
            tokens.Add(best);
            past = output.Presents;
            length += input.Length;
            input = [best];
        }

        foreach (var value in past!)
        {
            value.Dispose();
        }

        Assert.True(worst <= Tolerance, $"max |logit difference| {worst} exceeds {Tolerance}");
        Assert.Equal(reference.Tokens, tokens);
    }

    [Fact]
    public async Task TheGeneratorsGreedyTokensAreOnnxRuntimeNodesGreedyTokens()
    {
        var prompt = engine.Model.Tokenizer.Encode("In the beginning");
        var reference = await ReferenceAsync(prompt);

        var generated = new Inference.Api.Generation.TokenGenerator(engine.Session)
            .Generate(prompt, Steps + 1, SamplingSettings.Greedy, CancellationToken.None)
            .Select(t => t.Id)
            .ToList();

        var stop = generated.FindIndex(t => engine.Model.Config.EosTokenIds.Contains(t));
        var comparable = stop < 0 ? generated.Count : stop + 1;
        Assert.Equal(reference.Tokens.Take(comparable), generated.Take(comparable));
    }

    private async Task<(float[][] Rows, List<int> Tokens)> ReferenceAsync(int[] prompt)
    {
        var module = await OnnxRuntimeNode.EnsureInstalledAsync();
        var script = TestPaths.TestData("Engine", "reference", "logits.js");
        var (exit, stdout, stderr) = await OnnxRuntimeNode.RunAsync("node", TestPaths.RepoRoot, null,
            script, module, TestPaths.ShippedModel, JsonSerializer.Serialize(prompt), Steps.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(exit == 0, "onnxruntime-node reference failed: " + stderr);
        using var doc = JsonDocument.Parse(stdout);
        var rows = doc.RootElement.GetProperty("rows").EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetSingle()).ToArray()).ToArray();
        var tokens = doc.RootElement.GetProperty("tokens").EnumerateArray().Select(t => t.GetInt32()).ToList();
        return (rows, tokens);
    }
}
