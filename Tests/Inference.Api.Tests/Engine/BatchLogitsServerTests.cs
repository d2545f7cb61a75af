using Inference.Api.Generation;
using Microsoft.ML.OnnxRuntime;

namespace Inference.Api.Tests.Engine;

/// <summary>
/// Logits of rows decoded together (left-padded past, masked padding, per-row positions, past rebuilt when rows
/// join and leave) against the same sequences run alone, step by step, fed the same tokens.
/// </summary>
public sealed class BatchLogitsServerTests(EngineFixture engine) : IClassFixture<EngineFixture>
{
    private const float Tolerance = 1e-3f;

    [Fact]
    public void EveryRowsLogitsInTheBatchMatchItsSoloLogitsWithin1e3()
    {
        string[] texts =
        [
            "In the beginning God created the heaven and the earth.",
            "And Moses said",
            "The LORD is my shepherd; I shall not want. He maketh me to lie down in green pastures:",
            "Jesus wept.",
        ];
        var prompts = texts.Select(t => engine.Model.Tokenizer.Encode(t)).ToArray();
        int[] joinAt = [0, 2, 3, 7];
        int[] tokens = [14, 6, 12, 9];
        var solo = prompts.Select((p, i) => SoloLogits(p, tokens[i])).ToArray();
        var vocab = engine.Model.Config.VocabSize;
        var logits = new float[vocab];
        var rows = new Dictionary<DecodeRow, int>();
        var worst = 0f;
        var compared = 0;
        using var batch = new DecodeBatch(engine.Session);

        for (var step = 0; step < 40 && (step <= joinAt.Max() || batch.Count > 0); step++)
        {
            for (var i = 0; i < prompts.Length; i++)
            {
                if (joinAt[i] == step)
                {
                    var row = new DecodeRow(prompts[i], int.MaxValue, SamplingSettings.Greedy, CancellationToken.None);
                    batch.Prefill(row, null, logits);
                    worst = Math.Max(worst, MaxDifference(logits, solo[i].Logits[0]));
                    row.Accept(solo[i].Tokens[0], engine.Model.Config);
                    batch.Join(row);
                    rows[row] = i;
                    compared++;
                }
            }

            if (batch.Count == 0)
            {
                continue;
            }

            using var output = batch.Step(null);
            var members = batch.Rows.ToArray();
            for (var b = 0; b < members.Length; b++)
            {
                var row = members[b];
                var i = rows[row];
                output.CopyLogits(b, 0, 1, logits);
                worst = Math.Max(worst, MaxDifference(logits, solo[i].Logits[row.Produced]));
                compared++;
                row.Accept(solo[i].Tokens[row.Produced], engine.Model.Config);
                if (row.Produced == tokens[i])
                {
                    batch.Remove(row);
                }
            }
        }

        Assert.Equal(tokens.Sum(), compared);
        Assert.True(worst <= Tolerance, $"max |logit difference| batched vs solo {worst} exceeds {Tolerance}");
    }

    // Greedy tokens and the logits that chose each, decoding alone with the plain KV-cache loop.
    private (List<int> Tokens, List<float[]> Logits) SoloLogits(int[] prompt, int count)
    {
        var tokens = new List<int>();
        var all = new List<float[]>();
        OrtValue[]? past = null;
        var length = 0;
        var input = Array.ConvertAll(prompt, t => (long)t);
        while (tokens.Count < count)
        {
            var mask = Enumerable.Repeat(1L, length + input.Length).ToArray();
            var positions = Enumerable.Range(length, input.Length).Select(p => (long)p).ToArray();
            using var output = engine.Session.Run(input, mask, positions, 1, input.Length, past, null);
            foreach (var old in past ?? [])
            {
                old.Dispose();
            }

            var logits = new float[engine.Model.Config.VocabSize];
            output.CopyLogits(0, input.Length - 1, input.Length, logits);
            all.Add(logits);
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

        return (tokens, all);
    }

    private static float MaxDifference(float[] a, float[] b)
    {
        var worst = 0f;
        for (var i = 0; i < a.Length; i++)
        {
            worst = Math.Max(worst, Math.Abs(a[i] - b[i]));
        }

        return worst;
    }
}
