using System.Text.Json;

namespace Inference.Api.Tokenization;

/// <summary>Reads the <c>post_processor</c>: the single-sequence template of the common kinds.</summary>
internal static class PostProcessorReader
{
    /// <summary>The post-processor at <paramref name="path"/>, or null when it adds no ids (ByteLevel).</summary>
    public static TemplatePostProcessor? Read(JsonElement obj, string path)
    {
        string type = JsonReader.Type(obj, path);
        switch (type)
        {
            case "ByteLevel":
                // Only adjusts offsets, which this tokenizer does not report.
                return null;
            case "TemplateProcessing":
                return ReadTemplate(obj, path);
            case "BertProcessing":
            case "RobertaProcessing":
                return new TemplatePostProcessor([ReadPairId(obj, "cls", path)], [ReadPairId(obj, "sep", path)]);
            case "Sequence":
                TemplatePostProcessor? chosen = null;
                int i = 0;
                foreach (var item in JsonReader.Required(obj, "processors", path).EnumerateArray())
                {
                    chosen = Read(item, $"{path}.processors[{i++}]") ?? chosen;
                }

                return chosen;
            default:
                throw new TokenizerFormatException(path + ".type", $"unsupported post_processor type \"{type}\"");
        }
    }

    private static int ReadPairId(JsonElement obj, string name, string path)
    {
        var pair = JsonReader.Required(obj, name, path);
        return pair.ValueKind == JsonValueKind.Array && pair.GetArrayLength() == 2 && pair[1].TryGetInt32(out int id)
            ? id
            : throw new TokenizerFormatException($"{path}.{name}", "expected [token, id]");
    }

    private static TemplatePostProcessor ReadTemplate(JsonElement obj, string path)
    {
        var specials = JsonReader.Optional(obj, "special_tokens");
        var before = new List<int>();
        var after = new List<int>();
        bool seenSequence = false;
        int i = 0;
        foreach (var piece in JsonReader.Required(obj, "single", path).EnumerateArray())
        {
            string piecePath = $"{path}.single[{i++}]";
            if (JsonReader.Optional(piece, "Sequence") is not null)
            {
                seenSequence = true;
                continue;
            }

            var special = JsonReader.Optional(piece, "SpecialToken")
                ?? throw new TokenizerFormatException(piecePath, "expected Sequence or SpecialToken");
            string name = JsonReader.String(special, "id", piecePath + ".SpecialToken")
                ?? throw new TokenizerFormatException(piecePath + ".SpecialToken.id", "is required");
            var entry = specials is { } s ? JsonReader.Optional(s, name) : null;
            var ids = entry is { } e ? JsonReader.Required(e, "ids", $"{path}.special_tokens.{name}") : default;
            if (ids.ValueKind != JsonValueKind.Array)
            {
                throw new TokenizerFormatException($"{path}.special_tokens", $"no ids for \"{name}\"");
            }

            foreach (var id in ids.EnumerateArray())
            {
                (seenSequence ? after : before).Add(id.GetInt32());
            }
        }

        return new TemplatePostProcessor([.. before], [.. after]);
    }
}
