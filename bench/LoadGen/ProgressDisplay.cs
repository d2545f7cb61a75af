using System.Diagnostics;
using System.Globalization;
using Spectre.Console;

namespace LoadGen;

/// <summary>Shows sent/completed/errors, current rate and p95 so far while <c>run</c> is going: a Spectre live table on a terminal, plain lines otherwise.</summary>
internal static class ProgressDisplay
{
    private static readonly TimeSpan s_interval = TimeSpan.FromSeconds(1);

    /// <summary>Awaits <paramref name="run"/> while reporting <paramref name="progress"/> on <paramref name="output"/>.</summary>
    public static async Task<T> ShowAsync<T>(Task<T> run, RunProgress progress, TextWriter output, bool terminal)
    {
        var started = Stopwatch.GetTimestamp();
        long lastCompleted = 0;
        var last = started;
        string Line()
        {
            var now = Stopwatch.GetTimestamp();
            var completed = progress.Completed;
            var rate = (completed - lastCompleted) / Math.Max(1e-9, Stopwatch.GetElapsedTime(last, now).TotalSeconds);
            (lastCompleted, last) = (completed, now);
            return string.Create(CultureInfo.InvariantCulture,
                $"{Stopwatch.GetElapsedTime(started).TotalSeconds,6:F1}s sent {progress.Sent} completed {completed} errors {progress.Errors} dropped {progress.Dropped} rate {rate:F1}/s p95 {progress.P95SoFarMs():F1} ms");
        }

        if (!terminal)
        {
            while (await Task.WhenAny(run, Task.Delay(s_interval)) != run)
            {
                await output.WriteLineAsync(Line());
            }

            await output.WriteLineAsync(Line());
            return await run;
        }

        var text = new Markup("starting");
        await AnsiConsole.Live(new Panel(text).Header("loadgen")).StartAsync(async ctx =>
        {
            while (await Task.WhenAny(run, Task.Delay(s_interval)) != run)
            {
                ctx.UpdateTarget(new Panel(new Markup(Markup.Escape(Line()))).Header("loadgen"));
            }

            ctx.UpdateTarget(new Panel(new Markup(Markup.Escape(Line()))).Header("loadgen"));
        });
        return await run;
    }
}
