using System.Globalization;
using System.Text.RegularExpressions;

namespace Inference.Api.Telemetry;

/// <summary>
/// Replaces personal data and secrets in a text with <c>[kind]</c> markers before it may be logged, then cuts it to a
/// length. Patterns, most specific first: bearer tokens and key-like secrets (<c>sk-...</c>, long hex or
/// base64-looking runs), e-mail addresses, payment card numbers (13–19 digits, spaces or dashes allowed, Luhn
/// checked so ordinary long numbers stay), IPv4 addresses, phone numbers (9–15 digits, or 7 and more after a +, with spaces, dashes or
/// parentheses) and bare runs of 9 or more digits (identifiers); dates, years and decimals stay. It is a safety net for an opt-in debugging feature, not an anonymiser: the default is not to log
/// text at all.
/// </summary>
internal static partial class ContentRedactor
{
    /// <summary>The redacted text, cut to <paramref name="maxChars"/> with a marker saying how much was cut.</summary>
    public static string Redact(string text, int maxChars)
    {
        var redacted = Secret().Replace(text, "[secret]");
        redacted = Email().Replace(redacted, "[email]");
        redacted = Card().Replace(redacted, m => Luhn(m.Value) ? "[card]" : m.Value);
        redacted = IPv4().Replace(redacted, "[ip]");
        redacted = Phone().Replace(redacted, m => Number(m.Value));
        if (redacted.Length <= maxChars)
        {
            return redacted;
        }

        var cut = char.IsHighSurrogate(redacted[maxChars - 1]) ? maxChars - 1 : maxChars;
        return string.Create(CultureInfo.InvariantCulture, $"{redacted.AsSpan(0, cut)}…[+{redacted.Length - cut} chars]");
    }

    private static bool Luhn(string candidate)
    {
        int sum = 0, digits = 0;
        for (var i = candidate.Length - 1; i >= 0; i--)
        {
            if (!char.IsAsciiDigit(candidate[i]))
            {
                continue;
            }

            var d = candidate[i] - '0';
            if (digits++ % 2 == 1)
            {
                d = d * 2 > 9 ? d * 2 - 9 : d * 2;
            }

            sum += d;
        }

        return digits is >= 13 and <= 19 && sum % 10 == 0;
    }

    // A run with a leading + or separators and 9–15 digits (7+ after a +) reads as a phone number; a bare run of 9
    // or more digits is some other identifier (an account, an order): both are hidden, under different names.
    private static string Number(string match)
    {
        var digits = DigitCount(match);
        var formatted = match[0] == '+' || digits != match.Length;
        return formatted && (digits is >= 9 and <= 15 || (match[0] == '+' && digits >= 7)) ? "[phone]"
            : !formatted && digits >= 9 ? "[number]"
            : match;
    }

    private static int DigitCount(string s)
    {
        var n = 0;
        foreach (var c in s)
        {
            n += char.IsAsciiDigit(c) ? 1 : 0;
        }

        return n;
    }

    [GeneratedRegex(@"(?i)\bbearer\s+[A-Za-z0-9._~+/=-]{8,}|\b(?:sk|pk|rk|ghp|gho|xox[abp])[-_][A-Za-z0-9_-]{12,}|\b[0-9a-f]{32,}\b|\b(?=[A-Za-z0-9+/_-]*[0-9])(?=[A-Za-z0-9+/_-]*[a-z])(?=[A-Za-z0-9+/_-]*[A-Z])[A-Za-z0-9+/_-]{32,}={0,2}", RegexOptions.CultureInvariant)]
    private static partial Regex Secret();

    [GeneratedRegex(@"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}", RegexOptions.CultureInvariant)]
    private static partial Regex Email();

    [GeneratedRegex(@"\b\d(?:[ -]?\d){12,18}\b", RegexOptions.CultureInvariant)]
    private static partial Regex Card();

    [GeneratedRegex(@"\b(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)\b", RegexOptions.CultureInvariant)]
    private static partial Regex IPv4();

    [GeneratedRegex(@"(?<![\w.])\+?\(?\d[\d ()-]{5,}\d(?![\w.])", RegexOptions.CultureInvariant)]
    private static partial Regex Phone();
}
