using System.Text;
using System.Text.Json;

namespace Inference.Api.Tokenization;

/// <summary>Builds the <c>normalizer</c> as a string → string function.</summary>
internal static class NormalizerFactory
{
    /// <summary>The normalizer at <paramref name="path"/>.</summary>
    public static Func<string, string> Create(JsonElement obj, string path)
    {
        string type = JsonReader.Type(obj, path);
        switch (type)
        {
            case "NFC":
                return Unicode(NormalizationForm.FormC, path);
            case "NFD":
                return Unicode(NormalizationForm.FormD, path);
            case "NFKC":
                return Unicode(NormalizationForm.FormKC, path);
            case "NFKD":
                return Unicode(NormalizationForm.FormKD, path);
            case "Lowercase":
                return s => s.ToLowerInvariant();
            case "Prepend":
                string prefix = JsonReader.String(obj, "prepend", path) ?? throw new TokenizerFormatException(path + ".prepend", "is required");
                return s => s.Length == 0 ? s : prefix + s;
            case "Replace":
                var pattern = PatternReader.Read(obj, path);
                string content = JsonReader.String(obj, "content", path) ?? string.Empty;
                return s => pattern.Replace(s, content);
            case "Strip":
                bool left = JsonReader.Bool(obj, "strip_left", path, true);
                bool right = JsonReader.Bool(obj, "strip_right", path, true);
                return s => left && right ? s.Trim() : left ? s.TrimStart() : right ? s.TrimEnd() : s;
            case "Sequence":
                var items = JsonReader.Required(obj, "normalizers", path);
                var steps = new List<Func<string, string>>();
                int i = 0;
                foreach (var item in items.EnumerateArray())
                {
                    steps.Add(Create(item, $"{path}.normalizers[{i++}]"));
                }

                return s =>
                {
                    foreach (var step in steps)
                    {
                        s = step(s);
                    }

                    return s;
                };
            default:
                throw new TokenizerFormatException(path + ".type", $"unsupported normalizer type \"{type}\"");
        }
    }

    private static Func<string, string> Unicode(NormalizationForm form, string path)
    {
        try
        {
            return IcuNormalization.Create(form).Normalize;
        }
        catch (InvalidOperationException e)
        {
            throw new TokenizerFormatException(path, e.Message, e);
        }
    }
}
