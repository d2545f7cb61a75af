using System.Text;

namespace Inference.Api.Onnx;

/// <summary>
/// Stop strings over streamed text: text is released only when it can no longer be the start of a stop string;
/// a complete stop string ends generation and is not returned (as OpenAI does).
/// </summary>
internal static class StopStrings
{
    /// <summary>Removes and returns the releasable prefix of <paramref name="pending"/>; stopped when a stop string was found.</summary>
    public static (string Emit, bool Stopped) Split(StringBuilder pending, IList<string>? stops, bool final)
    {
        if (stops is null || pending.Length == 0)
        {
            return (Take(pending, pending.Length), false);
        }

        var text = pending.ToString();
        var first = -1;
        foreach (var stop in stops)
        {
            var at = text.IndexOf(stop, StringComparison.Ordinal);
            if (at >= 0 && (first < 0 || at < first))
            {
                first = at;
            }
        }

        if (first >= 0)
        {
            pending.Clear();
            return (text[..first], true);
        }

        if (final)
        {
            return (Take(pending, pending.Length), false);
        }

        // Hold back the longest suffix that is a prefix of some stop string.
        var hold = 0;
        foreach (var stop in stops)
        {
            for (var k = Math.Min(stop.Length - 1, text.Length); k > hold; k--)
            {
                if (text.AsSpan(text.Length - k).SequenceEqual(stop.AsSpan(0, k)))
                {
                    hold = k;
                    break;
                }
            }
        }

        return (Take(pending, text.Length - hold), false);
    }

    private static string Take(StringBuilder pending, int count)
    {
        var taken = pending.ToString(0, count);
        pending.Remove(0, count);
        return taken;
    }
}
