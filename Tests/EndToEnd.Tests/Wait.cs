namespace EndToEnd.Tests;

/// <summary>Bounded polling: a condition, a timeout, and what to say when it never held.</summary>
internal static class Wait
{
    private static readonly TimeSpan s_poll = TimeSpan.FromMilliseconds(200);

    public static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan timeout, Func<string> describe)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Not within {timeout.TotalSeconds:0} s: {describe()}");
            await Task.Delay(s_poll);
        }
    }

    public static Task UntilAsync(Func<bool> condition, TimeSpan timeout, Func<string> describe) =>
        UntilAsync(() => Task.FromResult(condition()), timeout, describe);
}
