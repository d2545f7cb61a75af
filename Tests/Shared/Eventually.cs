using System.Diagnostics;

namespace Tests.Shared;

/// <summary>
/// Waits for a condition instead of sleeping: polls until it holds or a deadline passes, then fails the test with a
/// description of what was awaited and, when given, of what was seen last. The deadline bounds the wait on a slow
/// machine; it is never the thing under test (a busy machine makes a test slower, not red).
/// </summary>
internal static class Eventually
{
    /// <summary>The default bound: generous, because it only matters when the condition never comes true.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan s_poll = TimeSpan.FromMilliseconds(20);

    /// <summary>Polls <paramref name="condition"/> until it returns true; fails after <paramref name="timeout"/>.</summary>
    public static Task TrueAsync(Func<bool> condition, string what, TimeSpan? timeout = null, Func<string>? seen = null, TimeSpan? poll = null) =>
        TrueAsync(() => Task.FromResult(condition()), what, timeout, seen, poll);

    /// <summary>
    /// Polls the asynchronous <paramref name="condition"/> until it returns true; fails after <paramref name="timeout"/>.
    /// A condition that costs something (an HTTP round, a scan of /proc) passes a longer <paramref name="poll"/>.
    /// </summary>
    public static async Task TrueAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null, Func<string>? seen = null, TimeSpan? poll = null)
    {
        var bound = timeout ?? DefaultTimeout;
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > bound)
            {
                Assert.Fail($"Waited {bound.TotalSeconds:0.#} s for {what}" + (seen is null ? "" : $"; last seen: {seen()}"));
            }

            await Task.Delay(poll ?? s_poll);
        }
    }

    /// <summary>Polls <paramref name="probe"/> until it returns a value; returns it, or fails after <paramref name="timeout"/>.</summary>
    public static async Task<T> ValueAsync<T>(Func<T?> probe, string what, TimeSpan? timeout = null, Func<string>? seen = null) where T : class
    {
        T? found = null;
        await TrueAsync(() => (found = probe()) is not null, what, timeout, seen);
        return found!;
    }
}
