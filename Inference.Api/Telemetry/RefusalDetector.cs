using Microsoft.Extensions.Options;

namespace Inference.Api.Telemetry;

/// <summary>
/// Decides whether an answer was a refusal: the finish reason says so (<c>content_filter</c>), or the start of the
/// text contains a configured phrase (section <c>Quality:RefusalPhrases</c>, case-insensitive). Only the verdict
/// leaves the process, never the text.
/// </summary>
internal sealed class RefusalDetector(IOptions<QualityOptions> options)
{
    private readonly string[] _phrases = [.. options.Value.RefusalPhrases.Where(p => !string.IsNullOrWhiteSpace(p))];
    private readonly int _scanChars = options.Value.RefusalScanChars;

    /// <summary>True when the answer reads as a refusal.</summary>
    public bool IsRefusal(string text, string? finishReason)
    {
        if (finishReason == "content_filter")
        {
            return true;
        }

        var head = text.AsSpan(0, Math.Min(text.Length, _scanChars));
        foreach (var phrase in _phrases)
        {
            if (head.Contains(phrase, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>Answer-quality settings (section <c>Quality</c>).</summary>
public sealed class QualityOptions
{
    /// <summary>Phrases that mark an answer as a refusal when they appear near its start.</summary>
    public List<string> RefusalPhrases { get; set; } =
    [
        "I can't help with", "I cannot help with", "I can't assist with", "I cannot assist with", "I'm sorry, but I can't",
        "I am sorry, but I cannot", "I'm not able to help", "I won't be able to",
    ];

    /// <summary>How many leading characters of an answer are searched (refusals come first).</summary>
    public int RefusalScanChars { get; set; } = 200;
}
