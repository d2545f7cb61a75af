using Inference.Api.Generation;
using Tests.Shared;

namespace Inference.Api.Tests.Engine;

/// <summary>
/// The batch scheduler on the shipped model against the single-sequence generator: a sequence decoded among others
/// (joining and leaving at different steps, different prompt lengths, so different padding) yields exactly the
/// tokens it yields alone.
/// </summary>
public sealed class BatchedDecodeServerTests(EngineFixture engine) : IClassFixture<EngineFixture>
{
    /// <summary>Decode steps between one request joining the batch and the next.</summary>
    private const int JoinEverySteps = 2;

    private static readonly string[] s_texts =
    [
        "In the beginning God created the heaven and the earth.",
        "And Moses said",
        "The LORD is my shepherd; I shall not want. He maketh me to lie down in green pastures:",
        "Blessed is the man",
        "And it came to pass, when men began to multiply on the face of the earth, and daughters were born unto them,",
        "Jesus wept.",
        "For God so loved the world",
        "Now the serpent was more subtil than any beast of the field which the LORD God had made. And he said unto the woman,",
    ];

    [Fact]
    public async Task GreedyTokensInABatchEqualTheSoloTokensWhileRowsJoinAndLeaveAtDifferentSteps()
    {
        var prompts = s_texts.Select(t => engine.Model.Tokenizer.Encode(t)).ToArray();
        Assert.True(prompts.Select(p => p.Length).Distinct().Count() >= 6, "prompt lengths differ, so rows are padded differently");
        var maxTokens = prompts.Select((_, i) => 10 + (7 * i)).ToArray();
        var solo = prompts.Select((p, i) => Solo(p, maxTokens[i], SamplingSettings.Greedy)).ToArray();
        var sizes = new List<int>();
        // Each request joins two decode steps after the previous one, and their budgets differ, so rows join and
        // leave at different steps. The decode thread itself waits at every second step until the test has queued
        // the next request: the steps at which rows join do not depend on how fast either thread runs.
        using var wanting = new SemaphoreSlim(0);
        using var queued = new SemaphoreSlim(0);
        var steps = 0;
        var asked = 0;
        using var scheduler = new BatchScheduler(engine.Session, 8, size =>
        {
            lock (sizes)
            {
                sizes.Add(size);
            }

            if (++steps % JoinEverySteps == 0 && asked < prompts.Length - 1)
            {
                asked++;
                wanting.Release();
                if (!queued.Wait(Eventually.DefaultTimeout))
                {
                    throw new TimeoutException("the test did not queue the next request");
                }
            }
        });

        var runs = new List<Task<List<GeneratedToken>>> { CollectAsync(scheduler, prompts[0], maxTokens[0], SamplingSettings.Greedy, CancellationToken.None) };
        for (var i = 1; i < prompts.Length; i++)
        {
            Assert.True(await wanting.WaitAsync(Eventually.DefaultTimeout), $"the decode thread reached the step where request {i} joins");
            runs.Add(CollectAsync(scheduler, prompts[i], maxTokens[i], SamplingSettings.Greedy, CancellationToken.None));
            queued.Release();
        }

        var batched = await Task.WhenAll(runs).WaitAsync(TimeSpan.FromMinutes(2));

        for (var i = 0; i < prompts.Length; i++)
        {
            Assert.Equal(solo[i], batched[i]);
        }

        lock (sizes)
        {
            Assert.True(sizes.Max() >= 4, $"rows were decoded together (largest batch {sizes.Max()})");
            Assert.True(sizes.Distinct().Count() >= 3, "the batch grew and shrank as rows joined and left");
        }
    }

    [Fact]
    public async Task SixteenConcurrentRequestsWithMaxBatchSizeEightAllYieldTheirSoloTokens()
    {
        var prompts = s_texts.Concat(s_texts.Select(t => t.ToUpperInvariant())).Select(t => engine.Model.Tokenizer.Encode(t)).ToArray();
        var solo = prompts.Select(p => Solo(p, 24, SamplingSettings.Greedy)).ToArray();
        var sizes = new List<int>();
        using var scheduler = new BatchScheduler(engine.Session, 8, size => { lock (sizes) { sizes.Add(size); } });

        var batched = await Task.WhenAll(prompts.Select(p => CollectAsync(scheduler, p, 24, SamplingSettings.Greedy, CancellationToken.None))).WaitAsync(TimeSpan.FromMinutes(2));

        Assert.Equal(solo, batched);
        lock (sizes)
        {
            Assert.InRange(sizes.Max(), 2, 8);
        }
    }

    [Fact]
    public async Task SeededSamplingGivesTheSoloTokensUnderBatching()
    {
        var prompts = s_texts.Take(6).Select(t => engine.Model.Tokenizer.Encode(t)).ToArray();
        var settings = prompts.Select((_, i) => new SamplingSettings(0.9f, 40, 0.95f, 1.1f, 1000 + i)).ToArray();
        var solo = prompts.Select((p, i) => Solo(p, 20, settings[i])).ToArray();
        using var scheduler = new BatchScheduler(engine.Session, 8);

        var batched = await Task.WhenAll(prompts.Select((p, i) => CollectAsync(scheduler, p, 20, settings[i], CancellationToken.None))).WaitAsync(TimeSpan.FromMinutes(2));
        var again = await Task.WhenAll(prompts.Select((p, i) => CollectAsync(scheduler, p, 20, settings[i], CancellationToken.None))).WaitAsync(TimeSpan.FromMinutes(2));

        Assert.Equal(solo, batched);
        Assert.Equal(solo, again);
        Assert.True(solo.Select(s => string.Join(',', s.Select(t => t.Id))).Distinct().Count() > 1, "different seeds and prompts sample different tokens");
    }

    [Fact]
    public async Task CancellingOneRowLeavesTheOtherRowsTokensUnchanged()
    {
        var prompts = s_texts.Take(4).Select(t => engine.Model.Tokenizer.Encode(t)).ToArray();
        var solo = prompts.Select(p => Solo(p, 40, SamplingSettings.Greedy)).ToArray();
        using var scheduler = new BatchScheduler(engine.Session, 8);
        using var cancel = new CancellationTokenSource();
        var seenByCancelled = 0;

        var others = prompts.Skip(1).Select(p => CollectAsync(scheduler, p, 40, SamplingSettings.Greedy, CancellationToken.None)).ToArray();
        var cancelled = CollectAsync(scheduler, prompts[0], 40, SamplingSettings.Greedy, cancel.Token, n =>
        {
            seenByCancelled = n;
            if (n == 3)
            {
                cancel.Cancel();
            }
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled.WaitAsync(TimeSpan.FromMinutes(1)));
        var rest = await Task.WhenAll(others).WaitAsync(TimeSpan.FromMinutes(2));

        Assert.Equal(3, seenByCancelled);
        Assert.Equal(solo.Skip(1), rest);
        var after = await CollectAsync(scheduler, prompts[0], 40, SamplingSettings.Greedy, CancellationToken.None).WaitAsync(TimeSpan.FromMinutes(1));
        Assert.Equal(solo[0], after);
    }

    [Fact]
    public async Task APrefillThatFailsFailsOnlyItsOwnRequestWithTheCause()
    {
        var good = engine.Model.Tokenizer.Encode(s_texts[0]);
        var solo = Solo(good, 16, SamplingSettings.Greedy);
        using var scheduler = new BatchScheduler(engine.Session, 8);
        int[] outOfVocabulary = [5, engine.Model.Config.VocabSize + 1000, 7];

        var bad = CollectAsync(scheduler, outOfVocabulary, 16, SamplingSettings.Greedy, CancellationToken.None);
        var fine = CollectAsync(scheduler, good, 16, SamplingSettings.Greedy, CancellationToken.None);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => bad.WaitAsync(TimeSpan.FromMinutes(1)));
        Assert.Contains("Prefill of a 3-token prompt failed", error.Message, StringComparison.Ordinal);
        Assert.NotNull(error.InnerException);
        Assert.Equal(solo, await fine.WaitAsync(TimeSpan.FromMinutes(1)));
    }

    [Fact]
    public async Task EachRowEndsAtItsOwnMaxTokensWithLength()
    {
        var prompt = engine.Model.Tokenizer.Encode("And the LORD spake unto Moses, saying,");
        var budgets = new[] { 1, 2, 5, 9, 14 };
        var solo = budgets.Select(b => Solo(prompt, b, SamplingSettings.Greedy)).ToArray();
        using var scheduler = new BatchScheduler(engine.Session, 8);

        var batched = await Task.WhenAll(budgets.Select(b => CollectAsync(scheduler, prompt, b, SamplingSettings.Greedy, CancellationToken.None))).WaitAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(solo, batched);
        for (var i = 0; i < budgets.Length; i++)
        {
            var last = batched[i][^1];
            Assert.True(last.FinishReason is FinishReasons.Length or FinishReasons.Stop);
            Assert.True(batched[i].Count == budgets[i] || last.FinishReason == FinishReasons.Stop);
            Assert.All(batched[i].SkipLast(1), t => Assert.Null(t.FinishReason));
        }
    }

    [Fact]
    public async Task AFailureDuringAStepFailsThatStepsRowsWithTheCauseAndTheSchedulerServesOn()
    {
        var prompt = engine.Model.Tokenizer.Encode(s_texts[0]);
        var solo = Solo(prompt, 12, SamplingSettings.Greedy);
        var thrown = false;
        using var scheduler = new BatchScheduler(engine.Session, 8, size =>
        {
            // Once, at the first step that runs both rows.
            if (size == 2 && !thrown)
            {
                thrown = true;
                throw new InvalidOperationException("step hook failed");
            }
        });

        var failed = Enumerable.Range(0, 2).Select(_ => CollectAsync(scheduler, prompt, 200, SamplingSettings.Greedy, CancellationToken.None)).ToArray();
        foreach (var run in failed)
        {
            var error = await Assert.ThrowsAsync<InvalidOperationException>(() => run.WaitAsync(TimeSpan.FromSeconds(60)));
            Assert.Equal("step hook failed", error.Message);
        }

        // What /health/detailed reports: the failed rows are gone (the step itself ran; its hook failed after).
        var state = scheduler.State;
        Assert.Equal(0, state.Decoding);
        Assert.Equal(0, state.Waiting);
        Assert.Equal(2, state.LargestBatch);
        Assert.Equal(solo, await CollectAsync(scheduler, prompt, 12, SamplingSettings.Greedy, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(60)));
    }

    [Fact]
    public async Task DisposingTheSchedulerEndsEveryOpenStreamWithAShutdownError()
    {
        var prompt = engine.Model.Tokenizer.Encode(s_texts[2]);
        var scheduler = new BatchScheduler(engine.Session, 8);
        var streaming = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var runs = Enumerable.Range(0, 3).Select(_ => CollectAsync(scheduler, prompt, 400, SamplingSettings.Greedy, CancellationToken.None, n => { if (n == 2) { streaming.TrySetResult(); } }, streaming)).ToArray();
        await streaming.Task.WaitAsync(TimeSpan.FromSeconds(60));

        scheduler.Dispose();

        foreach (var run in runs)
        {
            var error = await Assert.ThrowsAsync<ObjectDisposedException>(() => run.WaitAsync(TimeSpan.FromSeconds(30)));
            Assert.Contains("shutting down", error.Message, StringComparison.Ordinal);
        }

        await Assert.ThrowsAsync<ObjectDisposedException>(() => CollectAsync(scheduler, prompt, 4, SamplingSettings.Greedy, CancellationToken.None));
    }

    private List<GeneratedToken> Solo(int[] prompt, int maxTokens, SamplingSettings sampling) =>
        new TokenGenerator(engine.Session).Generate(prompt, maxTokens, sampling, CancellationToken.None).ToList();

    private static async Task<List<GeneratedToken>> CollectAsync(
        BatchScheduler scheduler, int[] prompt, int maxTokens, SamplingSettings sampling, CancellationToken cancellationToken, Action<int>? onToken = null, TaskCompletionSource? ended = null)
    {
        var tokens = new List<GeneratedToken>();
        try
        {
            await foreach (var token in scheduler.GenerateAsync(prompt, maxTokens, sampling, cancellationToken))
            {
                tokens.Add(token);
                onToken?.Invoke(tokens.Count);
            }
        }
        finally
        {
            // A sequence shorter than the caller's wait still releases it.
            ended?.TrySetResult();
        }

        return tokens;
    }
}
