using System.Text.Json;
using System.Text.RegularExpressions;

namespace Inference.Api.Tokenization;

/// <summary>
/// Loads a Hugging Face tokenizer.json with a BPE model (byte-level GPT-2/Llama-3/Qwen style, or SentencePiece-style
/// metaspace with byte fallback, Llama-2/Phi-3 style). Anything else is refused with the JSON path and the type.
/// </summary>
internal static class TokenizerFactory
{
    /// <summary>Loads the tokenizer at <paramref name="tokenizerJsonPath"/>.</summary>
    public static ITokenizer Load(string tokenizerJsonPath)
    {
        if (!File.Exists(tokenizerJsonPath))
        {
            throw new TokenizerFormatException($"{tokenizerJsonPath}: file not found.");
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(tokenizerJsonPath));
            return Build(document.RootElement);
        }
        catch (JsonException e)
        {
            throw new TokenizerFormatException($"{tokenizerJsonPath}: not valid JSON ({e.Message}).", e);
        }
        catch (TokenizerFormatException e)
        {
            throw new TokenizerFormatException($"{tokenizerJsonPath}: {e.Message}", e);
        }
    }

    /// <summary>Builds a tokenizer from a parsed tokenizer.json root.</summary>
    public static ITokenizer Build(JsonElement root)
    {
        var model = Required(root, "model", "$");
        var type = model.TryGetProperty("type", out var t) ? t.GetString() : "BPE";
        if (type != "BPE")
        {
            throw new TokenizerFormatException($"$.model.type is '{type}'; only BPE models are supported.");
        }

        foreach (var unsupported in new[] { "continuing_subword_prefix", "end_of_word_suffix" })
        {
            if (model.TryGetProperty(unsupported, out var v) && v.ValueKind == JsonValueKind.String && v.GetString()!.Length > 0)
            {
                throw new TokenizerFormatException($"$.model.{unsupported} is set; it is not supported.");
            }
        }

        var vocab = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var entry in Required(model, "vocab", "$.model").EnumerateObject())
        {
            vocab[entry.Name] = entry.Value.GetInt32();
        }

        var merges = new List<(string, string)>();
        var mergeIndex = 0;
        foreach (var merge in Required(model, "merges", "$.model").EnumerateArray())
        {
            merges.Add(merge.ValueKind == JsonValueKind.Array
                ? (merge[0].GetString()!, merge[1].GetString()!)
                : SplitMerge(merge.GetString()!, mergeIndex));
            mergeIndex++;
        }

        var added = new Dictionary<string, int>(StringComparer.Ordinal);
        var specialIds = new HashSet<int>();
        var patterns = new List<string>();
        if (root.TryGetProperty("added_tokens", out var addedTokens) && addedTokens.ValueKind == JsonValueKind.Array)
        {
            foreach (var token in addedTokens.EnumerateArray().OrderByDescending(a => a.GetProperty("content").GetString()!.Length))
            {
                var content = token.GetProperty("content").GetString()!;
                var id = token.GetProperty("id").GetInt32();
                added[content] = id;
                if (Flag(token, "special"))
                {
                    specialIds.Add(id);
                }

                var body = "(?<t>" + Regex.Escape(content) + ")";
                body = Flag(token, "single_word") ? @"(?<!\w)" + body + @"(?!\w)" : body;
                patterns.Add((Flag(token, "lstrip") ? @"\s*" : string.Empty) + body + (Flag(token, "rstrip") ? @"\s*" : string.Empty));
            }
        }

        var size = Math.Max(vocab.Count == 0 ? 0 : vocab.Values.Max() + 1, added.Count == 0 ? 0 : added.Values.Max() + 1);
        var tokens = new string?[size];
        var special = new bool[size];
        var isAdded = new bool[size];
        foreach (var (token, id) in vocab)
        {
            tokens[id] = token;
        }

        foreach (var (token, id) in added)
        {
            tokens[id] = token;
            isAdded[id] = true;
            special[id] = specialIds.Contains(id);
        }

        var bpe = new BpeModel(vocab, merges,
            model.TryGetProperty("unk_token", out var unk) && unk.ValueKind == JsonValueKind.String ? unk.GetString() : null,
            Flag(model, "byte_fallback"), Flag(model, "ignore_merges"));
        var decoder = ComponentReader.Decoder(root.TryGetProperty("decoder", out var d) ? d : default, tokens!, special, isAdded);
        var (prefix, suffix) = ComponentReader.Template(root.TryGetProperty("post_processor", out var p) ? p : default, added, vocab);
        return new HuggingFaceTokenizer(new TokenizerParts(
            ComponentReader.Normalizer(root.TryGetProperty("normalizer", out var n) ? n : default, "$.normalizer"),
            ComponentReader.PreTokenizer(root.TryGetProperty("pre_tokenizer", out var pt) ? pt : default, "$.pre_tokenizer"),
            bpe, decoder, vocab, added,
            patterns.Count == 0 ? null : new Regex(string.Join('|', patterns), RegexOptions.CultureInvariant | RegexOptions.Compiled),
            tokens, prefix, suffix));
    }

    internal static JsonElement Required(JsonElement element, string name, string path) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? value
            : throw new TokenizerFormatException($"{path}.{name} is missing.");

    internal static bool Flag(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.True;

    private static (string, string) SplitMerge(string merge, int index)
    {
        var space = merge.IndexOf(' ', 1);
        return space > 0
            ? (merge[..space], merge[(space + 1)..])
            : throw new TokenizerFormatException($"$.model.merges[{index}] ('{merge}') is not two tokens separated by a space.");
    }
}
