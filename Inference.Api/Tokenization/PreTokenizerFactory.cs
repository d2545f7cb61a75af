using System.Text.Json;

namespace Inference.Api.Tokenization;

/// <summary>Builds the <c>pre_tokenizer</c>.</summary>
internal static class PreTokenizerFactory
{
    /// <summary>The pre-tokenizer at <paramref name="path"/>.</summary>
    public static IPreTokenizer Create(JsonElement obj, string path)
    {
        string type = JsonReader.Type(obj, path);
        switch (type)
        {
            case "ByteLevel":
                return new ByteLevelPreTokenizer(
                    JsonReader.Bool(obj, "add_prefix_space", path, true), JsonReader.Bool(obj, "use_regex", path, true));
            case "Split":
                return new SplitPreTokenizer(PatternReader.Read(obj, path), ReadBehavior(obj, path), JsonReader.Bool(obj, "invert", path, false));
            case "Digits":
                return new DigitsPreTokenizer(JsonReader.Bool(obj, "individual_digits", path, false));
            case "Metaspace":
                return new MetaspacePreTokenizer(
                    JsonReader.Char(obj, "replacement", path, '\u2581'), ReadPrependScheme(obj, path), JsonReader.Bool(obj, "split", path, true));
            case "Sequence":
                var items = JsonReader.Required(obj, "pretokenizers", path);
                var steps = new List<IPreTokenizer>();
                int i = 0;
                foreach (var item in items.EnumerateArray())
                {
                    steps.Add(Create(item, $"{path}.pretokenizers[{i++}]"));
                }

                return new SequencePreTokenizer(steps);
            default:
                throw new TokenizerFormatException(path + ".type", $"unsupported pre_tokenizer type \"{type}\"");
        }
    }

    /// <summary>Metaspace's <c>prepend_scheme</c> (older files say <c>add_prefix_space</c> instead).</summary>
    public static PrependScheme ReadPrependScheme(JsonElement obj, string path)
    {
        string? scheme = JsonReader.String(obj, "prepend_scheme", path);
        return scheme switch
        {
            null => JsonReader.Bool(obj, "add_prefix_space", path, true) ? PrependScheme.Always : PrependScheme.Never,
            "always" => PrependScheme.Always,
            "first" => PrependScheme.First,
            "never" => PrependScheme.Never,
            _ => throw new TokenizerFormatException(path + ".prepend_scheme", $"unknown prepend scheme \"{scheme}\""),
        };
    }

    private static SplitBehavior ReadBehavior(JsonElement obj, string path)
    {
        string behavior = JsonReader.String(obj, "behavior", path) ?? "Isolated";
        return Enum.TryParse<SplitBehavior>(behavior, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed)
            ? parsed
            : throw new TokenizerFormatException(path + ".behavior", $"unknown split behavior \"{behavior}\"");
    }
}
