using System.Text.Json;

namespace Inference.Api.Tokenization;

/// <summary>Builds the <c>decoder</c> chain.</summary>
internal static class DecoderFactory
{
    /// <summary>The decoder at <paramref name="path"/>; <paramref name="isAddedToken"/> lets ByteLevel pass added tokens through.</summary>
    public static ITokenDecoder Create(JsonElement obj, string path, Func<string, bool> isAddedToken)
    {
        string type = JsonReader.Type(obj, path);
        switch (type)
        {
            case "ByteLevel":
                return new ByteLevelDecoder(isAddedToken);
            case "ByteFallback":
                return new ByteFallbackDecoder();
            case "Fuse":
                return new FuseDecoder();
            case "Replace":
                return new ReplaceDecoder(PatternReader.Read(obj, path), JsonReader.String(obj, "content", path) ?? string.Empty);
            case "Strip":
                return new StripDecoder(
                    JsonReader.Char(obj, "content", path, ' '), JsonReader.Int(obj, "start", path, 0), JsonReader.Int(obj, "stop", path, 0));
            case "Metaspace":
                return new MetaspaceDecoder(JsonReader.Char(obj, "replacement", path, '\u2581'), PreTokenizerFactory.ReadPrependScheme(obj, path));
            case "Sequence":
                var items = JsonReader.Required(obj, "decoders", path);
                var steps = new List<ITokenDecoder>();
                int i = 0;
                foreach (var item in items.EnumerateArray())
                {
                    steps.Add(Create(item, $"{path}.decoders[{i++}]", isAddedToken));
                }

                return new SequenceDecoder(steps);
            default:
                throw new TokenizerFormatException(path + ".type", $"unsupported decoder type \"{type}\"");
        }
    }
}
