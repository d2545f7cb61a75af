using Inference.Api.Generation;

namespace Inference.Api.Tests.Generation;

/// <summary>
/// What the sampler promises: greedy is the argmax; temperature draws follow the softmax; top-k and top-p never pick
/// outside their set and keep the right proportions inside it; a seed reproduces; the repetition penalty lowers seen
/// tokens. Draw counts are large and the seeds fixed, so the frequency checks are deterministic.
/// </summary>
public sealed class SamplerTests
{
    private const int Draws = 40_000;

    [Fact]
    public void GreedyPicksTheLargestLogitAndTheFirstOfEqualOnes()
    {
        var sampler = new Sampler(SamplingSettings.Greedy);

        Assert.Equal(2, sampler.Next([0.1f, 1.5f, 3.2f, -4f, 3.1f], []));
        Assert.Equal(1, sampler.Next([0.1f, 3.2f, 3.2f], []));
    }

    [Fact]
    public void TemperatureSamplingFollowsTheSoftmaxOfTheScaledLogits()
    {
        float[] logits = [1.0f, 0.2f, -0.5f, 2.0f, 0.0f, -2.0f, 1.2f, 0.7f];
        var expected = Softmax(logits, temperature: 0.7);

        var observed = Frequencies(new SamplingSettings(0.7f, 0, 1, 1, Seed: 11), logits);

        for (var i = 0; i < logits.Length; i++)
        {
            Assert.InRange(observed[i], expected[i] - 0.01, expected[i] + 0.01);
        }
    }

    [Fact]
    public void TopKNeverLeavesTheKLargestAndKeepsTheirProportions()
    {
        var random = new Random(3);
        var logits = Enumerable.Range(0, 1_000).Select(_ => (float)(random.NextDouble() * 8)).ToArray();
        var topTen = Enumerable.Range(0, logits.Length).OrderByDescending(i => logits[i]).Take(10).ToArray();
        var expected = Softmax([.. topTen.Select(i => logits[i])], temperature: 1);

        var observed = Frequencies(new SamplingSettings(1, 10, 1, 1, Seed: 5), logits);

        Assert.Equal(1.0, topTen.Sum(i => observed[i]), precision: 9);
        for (var j = 0; j < topTen.Length; j++)
        {
            Assert.InRange(observed[topTen[j]], expected[j] - 0.01, expected[j] + 0.01);
        }
    }

    [Fact]
    public void TopPKeepsTheSmallestSetWhoseMassReachesP()
    {
        // Probabilities 0.5, 0.3, 0.15, 0.05: p = 0.75 keeps the first two, renormalised to 0.625 and 0.375.
        float[] logits = [MathF.Log(0.5f), MathF.Log(0.3f), MathF.Log(0.15f), MathF.Log(0.05f)];

        var observed = Frequencies(new SamplingSettings(1, 0, 0.75f, 1, Seed: 8), logits);

        Assert.InRange(observed[0], 0.615, 0.635);
        Assert.InRange(observed[1], 0.365, 0.385);
        Assert.Equal(0, observed[2] + observed[3]);
    }

    [Fact]
    public void TopKThenTopPMeasuresTheNucleusWithinTheKKept()
    {
        // Top-3 of 0.4, 0.3, 0.2, 0.1 holds 0.9; p = 0.6 of that is reached by the first two (0.7 / 0.9 ≥ 0.6).
        float[] logits = [MathF.Log(0.4f), MathF.Log(0.3f), MathF.Log(0.2f), MathF.Log(0.1f)];

        var observed = Frequencies(new SamplingSettings(1, 3, 0.6f, 1, Seed: 9), logits);

        Assert.InRange(observed[0], 4.0 / 7 - 0.01, 4.0 / 7 + 0.01);
        Assert.Equal(0, observed[2] + observed[3]);
    }

    [Fact]
    public void ANucleusOfEqualLogitsIsTheLowerIndicesAcrossALargeVocabulary()
    {
        // 5 000 equal logits: p = 0.5 needs 2 500 tokens, and ties go to the lower index.
        var logits = new float[5_000];

        var observed = Frequencies(new SamplingSettings(1, 0, 0.5f, 1, Seed: 4), logits, draws: 10_000);

        Assert.Equal(0, observed.Skip(2_500).Sum());
        Assert.True(observed.Take(2_500).Count(f => f > 0) > 2_400, "draws spread over the whole nucleus");
    }

    [Fact]
    public void TheNucleusOfManyTiedLogitsIsExactlyTheSortedPrefixThatReachesP()
    {
        // Logits on a coarse grid, so the nucleus boundary falls inside a run of equal values; the reference is the
        // definition: sort by logit (then index), take the shortest prefix whose softmax mass reaches p.
        var random = new Random(11);
        var logits = Enumerable.Range(0, 3_000).Select(_ => MathF.Round((float)(random.NextDouble() * 8), 0) / 2).ToArray();
        var softmax = Softmax(logits, 1.0);
        var sorted = Enumerable.Range(0, logits.Length).OrderByDescending(i => logits[i]).ThenBy(i => i).ToArray();
        var nucleus = new HashSet<int>();
        var mass = 0.0;
        foreach (var token in sorted)
        {
            nucleus.Add(token);
            mass += softmax[token];
            if (mass >= 0.6)
            {
                break;
            }
        }

        var observed = Frequencies(new SamplingSettings(1, 0, 0.6f, 1, Seed: 5), logits, draws: 20_000);

        var outside = Enumerable.Range(0, logits.Length).Where(i => observed[i] > 0 && !nucleus.Contains(i)).ToList();
        Assert.Empty(outside);
        Assert.True(nucleus.Count(t => observed[t] > 0) > nucleus.Count * 9 / 10, $"draws spread over the nucleus of {nucleus.Count}");
    }

    [Fact]
    public void TheSameSeedReproducesTheSameTokensAndAnotherSeedDoesNot()
    {
        var random = new Random(1);
        var logits = Enumerable.Range(0, 4_096).Select(_ => (float)(random.NextDouble() * 6)).ToArray();
        int[] Run(long seed)
        {
            var sampler = new Sampler(new SamplingSettings(0.9f, 40, 0.95f, 1, seed));
            return [.. Enumerable.Range(0, 200).Select(_ => sampler.Next((float[])logits.Clone(), []))];
        }

        Assert.Equal(Run(42), Run(42));
        Assert.NotEqual(Run(42), Run(43));
    }

    [Fact]
    public void TheRepetitionPenaltyLowersTokensAlreadySeenOncePerToken()
    {
        var sampler = new Sampler(new SamplingSettings(0, 0, 1, 1.25f, null));
        float[] logits = [2.0f, 1.9f, -1.0f];

        var token = sampler.Next(logits, [0, 0, 0, 2]);

        Assert.Equal(1, token);
        Assert.Equal(1.6f, logits[0], 5); // divided once, however often it occurred
        Assert.Equal(-1.25f, logits[2], 5); // negative logits are multiplied
    }

    private static double[] Frequencies(SamplingSettings settings, float[] logits, int draws = Draws)
    {
        var sampler = new Sampler(settings);
        var counts = new double[logits.Length];
        for (var n = 0; n < draws; n++)
        {
            counts[sampler.Next((float[])logits.Clone(), [])]++;
        }

        return [.. counts.Select(c => c / draws)];
    }

    private static double[] Softmax(float[] logits, double temperature)
    {
        var max = logits.Max();
        var weights = logits.Select(l => Math.Exp((l - max) / temperature)).ToArray();
        var total = weights.Sum();
        return [.. weights.Select(w => w / total)];
    }
}
