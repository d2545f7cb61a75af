using System.Text.Json;

namespace Inference.Api.Tokenization;

/// <summary>Reads the <c>model</c> section (type BPE): vocabulary, merges in either form, and options.</summary>
internal static class BpeModelReader
{
    /// <summary>The BPE model at <paramref name="path"/>.</summary>
    public static BpeModel Read(JsonElement obj, string path)
    {
        string type = JsonReader.String(obj, "type", path) ?? "BPE";
        if (type != "BPE")
        {
            throw new TokenizerFormatException(path + ".type", $"unsupported model type \"{type}\" (only BPE is implemented)");
        }

        foreach (string affix in (string[])["continuing_subword_prefix", "end_of_word_suffix"])
        {
            if (!string.IsNullOrEmpty(JsonReader.String(obj, affix, path)))
            {
                throw new TokenizerFormatException($"{path}.{affix}", "is not supported");
            }
        }

        var vocabJson = JsonReader.Required(obj, "vocab", path);
        if (vocabJson.ValueKind != JsonValueKind.Object)
        {
            throw new TokenizerFormatException(path + ".vocab", "expected an object of token → id");
        }

        var vocab = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var entry in vocabJson.EnumerateObject())
        {
            if (entry.Value.ValueKind != JsonValueKind.Number || !entry.Value.TryGetInt32(out int id) || id < 0)
            {
                throw new TokenizerFormatException($"{path}.vocab[\"{entry.Name}\"]", "expected a non-negative integer id");
            }

            vocab[entry.Name] = id;
        }

        var merges = ReadMerges(JsonReader.Optional(obj, "merges"), vocab, path + ".merges");
        return new BpeModel(
            vocab,
            merges,
            JsonReader.String(obj, "unk_token", path),
            JsonReader.Bool(obj, "fuse_unk", path, false),
            JsonReader.Bool(obj, "byte_fallback", path, false),
            JsonReader.Bool(obj, "ignore_merges", path, false));
    }

    private static List<(int, int, int)> ReadMerges(JsonElement? json, Dictionary<string, int> vocab, string path)
    {
        var merges = new List<(int, int, int)>();
        if (json is null)
        {
            return merges;
        }

        if (json.Value.ValueKind != JsonValueKind.Array)
        {
            throw new TokenizerFormatException(path, "expected an array");
        }

        int rank = 0;
        foreach (var item in json.Value.EnumerateArray())
        {
            string itemPath = $"{path}[{rank++}]";
            string left, right;
            if (item.ValueKind == JsonValueKind.String)
            {
                // The older "a b" form: tokens never contain a plain space (byte-level maps it to Ġ, metaspace to ▁).
                string text = item.GetString()!;
                int space = text.IndexOf(' ', 1);
                if (space < 0)
                {
                    throw new TokenizerFormatException(itemPath, $"expected \"left right\", found \"{text}\"");
                }

                (left, right) = (text[..space], text[(space + 1)..]);
            }
            else if (item.ValueKind == JsonValueKind.Array && item.GetArrayLength() == 2
                && item[0].ValueKind == JsonValueKind.String && item[1].ValueKind == JsonValueKind.String)
            {
                (left, right) = (item[0].GetString()!, item[1].GetString()!);
            }
            else
            {
                throw new TokenizerFormatException(itemPath, "expected \"left right\" or [\"left\", \"right\"]");
            }

            merges.Add((Lookup(vocab, left, itemPath), Lookup(vocab, right, itemPath), Lookup(vocab, left + right, itemPath)));
        }

        return merges;
    }

    private static int Lookup(Dictionary<string, int> vocab, string token, string path) =>
        vocab.TryGetValue(token, out int id) ? id : throw new TokenizerFormatException(path, $"token \"{token}\" is not in the vocabulary");
}
