using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Inference.Api.Tokenization;

/// <summary>Reads the normalizer, pre-tokenizer, decoder and post-processor sections of a tokenizer.json.</summary>
internal static class ComponentReader
{
    public static INormalizer? Normalizer(JsonElement e, string path)
    {
        if (e.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
        {
            return null;
        }

        var type = TypeOf(e, path);
        return type switch
        {
            "NFC" => new UnicodeNormalizer(NormalizationForm.FormC),
            "NFD" => new UnicodeNormalizer(NormalizationForm.FormD),
            "NFKC" => new UnicodeNormalizer(NormalizationForm.FormKC),
            "NFKD" => new UnicodeNormalizer(NormalizationForm.FormKD),
            "Lowercase" => new LowercaseNormalizer(),
            "Prepend" => new PrependNormalizer(TokenizerFactory.Required(e, "prepend", path).GetString()!),
            "Replace" => new ReplaceNormalizer(Pattern(TokenizerFactory.Required(e, "pattern", path), path + ".pattern"), TokenizerFactory.Required(e, "content", path).GetString()!),
            "Strip" => new StripNormalizer(TokenizerFactory.Flag(e, "strip_left"), TokenizerFactory.Flag(e, "strip_right")),
            "Sequence" => new SequenceNormalizer([.. Items(e, "normalizers", path).Select((x, i) => Normalizer(x, $"{path}.normalizers[{i}]")!)]),
            _ => throw Unsupported(path, type),
        };
    }

    public static IPreTokenizer? PreTokenizer(JsonElement e, string path)
    {
        if (e.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
        {
            return null;
        }

        var type = TypeOf(e, path);
        return type switch
        {
            "ByteLevel" => new ByteLevelPreTokenizer(TokenizerFactory.Flag(e, "add_prefix_space"), !e.TryGetProperty("use_regex", out var r) || r.ValueKind != JsonValueKind.False),
            "Split" => new RegexSplitPreTokenizer(
                Pattern(TokenizerFactory.Required(e, "pattern", path), path + ".pattern"),
                Enum.TryParse<SplitBehavior>(TokenizerFactory.Required(e, "behavior", path).GetString(), out var behavior)
                    ? behavior : throw new TokenizerFormatException($"{path}.behavior '{e.GetProperty("behavior").GetString()}' is not a split behavior."),
                TokenizerFactory.Flag(e, "invert")),
            "Metaspace" => new MetaspacePreTokenizer(
                e.TryGetProperty("replacement", out var rep) ? rep.GetString()![0] : '\u2581',
                e.TryGetProperty("prepend_scheme", out var scheme) ? scheme.GetString()! : TokenizerFactory.Flag(e, "add_prefix_space") ? "always" : "never",
                !e.TryGetProperty("split", out var split) || split.ValueKind != JsonValueKind.False),
            "Digits" => new RegexSplitPreTokenizer(new Regex(TokenizerFactory.Flag(e, "individual_digits") ? @"\p{N}" : @"\p{N}+", RegexOptions.CultureInvariant), SplitBehavior.Isolated, false),
            "WhitespaceSplit" => new RegexSplitPreTokenizer(new Regex(@"\s+", RegexOptions.CultureInvariant), SplitBehavior.Removed, false),
            "Whitespace" => new RegexSplitPreTokenizer(new Regex(@"\w+|[^\w\s]+", RegexOptions.CultureInvariant), SplitBehavior.Removed, true),
            "Sequence" => new SequencePreTokenizer([.. Items(e, "pretokenizers", path).Select((x, i) => PreTokenizer(x, $"{path}.pretokenizers[{i}]")!)]),
            _ => throw Unsupported(path, type),
        };
    }

    public static TokenDecoder Decoder(JsonElement e, string[] tokens, bool[] special, bool[] added)
    {
        var byteLevel = false;
        var byteFallback = false;
        var strip = 0;
        var replacements = new List<(string, string)>();
        void Read(JsonElement d, string path)
        {
            if (d.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
            {
                return;
            }

            var type = TypeOf(d, path);
            switch (type)
            {
                case "ByteLevel":
                    byteLevel = true;
                    break;
                case "Metaspace":
                    var replacement = d.TryGetProperty("replacement", out var r) ? r.GetString()! : "\u2581";
                    replacements.Add((replacement, " "));
                    var scheme = d.TryGetProperty("prepend_scheme", out var s) ? s.GetString() : TokenizerFactory.Flag(d, "add_prefix_space") ? "always" : "never";
                    strip = scheme == "never" ? strip : Math.Max(strip, 1);
                    break;
                case "Replace":
                    var pattern = TokenizerFactory.Required(d, "pattern", path);
                    if (!pattern.TryGetProperty("String", out var literal))
                    {
                        throw new TokenizerFormatException($"{path}.pattern: only String patterns are supported in decoders.");
                    }

                    replacements.Add((literal.GetString()!, TokenizerFactory.Required(d, "content", path).GetString()!));
                    break;
                case "ByteFallback":
                    byteFallback = true;
                    break;
                case "Fuse":
                    break; // joining tokens is what byte concatenation does anyway
                case "Strip":
                    if (TokenizerFactory.Required(d, "content", path).GetString() != " " || (d.TryGetProperty("stop", out var stop) && stop.GetInt32() != 0))
                    {
                        throw new TokenizerFormatException($"{path}: only Strip of leading spaces is supported.");
                    }

                    strip = Math.Max(strip, d.TryGetProperty("start", out var start) ? start.GetInt32() : 0);
                    break;
                case "Sequence":
                    var i = 0;
                    foreach (var item in Items(d, "decoders", path))
                    {
                        Read(item, $"{path}.decoders[{i++}]");
                    }

                    break;
                default:
                    throw Unsupported(path, type);
            }
        }

        Read(e, "$.decoder");
        return new TokenDecoder(tokens, special, added, byteLevel, replacements, byteFallback, strip);
    }

    /// <summary>The ids a TemplateProcessing post-processor puts before and after a single sequence.</summary>
    public static (int[] Prefix, int[] Suffix) Template(JsonElement e, Dictionary<string, int> added, Dictionary<string, int> vocab)
    {
        if (e.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
        {
            return ([], []);
        }

        var type = TypeOf(e, "$.post_processor");
        if (type is "ByteLevel")
        {
            return ([], []);
        }

        if (type == "Sequence")
        {
            var items = Items(e, "processors", "$.post_processor").Where(p => TypeOf(p, "$.post_processor") == "TemplateProcessing").ToList();
            return items.Count == 0 ? ([], []) : Template(items[0], added, vocab);
        }

        if (type != "TemplateProcessing")
        {
            throw Unsupported("$.post_processor", type);
        }

        var prefix = new List<int>();
        var suffix = new List<int>();
        var seenSequence = false;
        foreach (var item in TokenizerFactory.Required(e, "single", "$.post_processor").EnumerateArray())
        {
            if (item.TryGetProperty("Sequence", out _))
            {
                seenSequence = true;
                continue;
            }

            var name = item.GetProperty("SpecialToken").GetProperty("id").GetString()!;
            var id = added.TryGetValue(name, out var a) ? a : vocab.TryGetValue(name, out var v) ? v
                : throw new TokenizerFormatException($"$.post_processor names '{name}', which is not a token.");
            (seenSequence ? suffix : prefix).Add(id);
        }

        return ([.. prefix], [.. suffix]);
    }

    private static Regex Pattern(JsonElement pattern, string path) =>
        pattern.TryGetProperty("String", out var literal) ? new Regex(Regex.Escape(literal.GetString()!), RegexOptions.CultureInvariant)
        : pattern.TryGetProperty("Regex", out var regex) ? new Regex(regex.GetString()!, RegexOptions.CultureInvariant | RegexOptions.Compiled)
        : throw new TokenizerFormatException($"{path} needs String or Regex.");

    private static string TypeOf(JsonElement e, string path) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty("type", out var t) ? t.GetString()! : throw new TokenizerFormatException($"{path}.type is missing.");

    private static IEnumerable<JsonElement> Items(JsonElement e, string name, string path) => TokenizerFactory.Required(e, name, path).EnumerateArray();

    private static TokenizerFormatException Unsupported(string path, string type) => new($"{path}.type '{type}' is not supported.");
}
