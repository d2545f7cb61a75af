using System.Text.Json;

namespace Inference.Api.Tokenization;

/// <summary>Loads a Hugging Face <c>tokenizer.json</c> (BPE model) into an <see cref="ITokenizer"/>.</summary>
internal static class TokenizerFactory
{
    /// <summary>Reads and validates the file; throws <see cref="TokenizerFormatException"/> naming the bad JSON path.</summary>
    public static ITokenizer Load(string tokenizerJsonPath)
    {
        using var stream = File.OpenRead(tokenizerJsonPath);
        return Load(stream);
    }

    /// <summary>Loads from a stream holding the JSON document.</summary>
    public static ITokenizer Load(Stream json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 256 });
        }
        catch (JsonException e)
        {
            throw new TokenizerFormatException("$", $"not valid JSON: {e.Message}", e);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new TokenizerFormatException("$", "expected an object");
            }

            var model = BpeModelReader.Read(JsonReader.Required(root, "model", "$"), "$.model");
            var added = ReadAddedTokens(root);
            var addedContents = new HashSet<string>(added.Select(a => a.Content), StringComparer.Ordinal);
            var normalizer = JsonReader.Optional(root, "normalizer") is { } n ? NormalizerFactory.Create(n, "$.normalizer") : null;
            var preTokenizer = JsonReader.Optional(root, "pre_tokenizer") is { } p ? PreTokenizerFactory.Create(p, "$.pre_tokenizer") : null;
            var decoder = JsonReader.Optional(root, "decoder") is { } d ? DecoderFactory.Create(d, "$.decoder", addedContents.Contains) : null;
            var post = JsonReader.Optional(root, "post_processor") is { } pp ? PostProcessorReader.Read(pp, "$.post_processor") : null;
            return new BpeTokenizer(model, normalizer, preTokenizer, decoder, post, added);
        }
    }

    private static List<AddedToken> ReadAddedTokens(JsonElement root)
    {
        var result = new List<AddedToken>();
        if (JsonReader.Optional(root, "added_tokens") is not { } items)
        {
            return result;
        }

        if (items.ValueKind != JsonValueKind.Array)
        {
            throw new TokenizerFormatException("$.added_tokens", "expected an array");
        }

        int i = 0;
        foreach (var item in items.EnumerateArray())
        {
            string path = $"$.added_tokens[{i++}]";
            int id = JsonReader.Int(item, "id", path, -1);
            string content = JsonReader.String(item, "content", path) ?? string.Empty;
            if (id < 0 || content.Length == 0)
            {
                throw new TokenizerFormatException(path, "needs a non-negative id and a non-empty content");
            }

            result.Add(new AddedToken(
                id,
                content,
                JsonReader.Bool(item, "special", path, false),
                JsonReader.Bool(item, "single_word", path, false),
                JsonReader.Bool(item, "lstrip", path, false),
                JsonReader.Bool(item, "rstrip", path, false),
                JsonReader.Bool(item, "normalized", path, false)));
        }

        return result;
    }
}
