using System.Text.Json;
using System.Text.RegularExpressions;

namespace Inference.Api.Tokenization;

/// <summary>Reads a <c>{"String": ...}</c> or <c>{"Regex": ...}</c> pattern into a compiled .NET regex.</summary>
internal static class PatternReader
{
    /// <summary>The regex for the <c>pattern</c> property of <paramref name="obj"/>.</summary>
    public static Regex Read(JsonElement obj, string path)
    {
        string patternPath = path + ".pattern";
        var pattern = JsonReader.Required(obj, "pattern", path);
        if (JsonReader.String(pattern, "String", patternPath) is string literal)
        {
            return new Regex(Regex.Escape(literal), RegexOptions.CultureInvariant);
        }

        if (JsonReader.String(pattern, "Regex", patternPath) is string source)
        {
            try
            {
                // Compiled: split patterns run on every encode, so the one-off compile cost pays back quickly.
                return new Regex(source, RegexOptions.Compiled | RegexOptions.CultureInvariant);
            }
            catch (ArgumentException e)
            {
                throw new TokenizerFormatException(patternPath + ".Regex", $"not a regex .NET can run: {e.Message}", e);
            }
        }

        throw new TokenizerFormatException(patternPath, "expected {\"String\": ...} or {\"Regex\": ...}");
    }
}
