using System.Text.Json;

namespace Inference.Api.Tokenization;

/// <summary>Typed reads of <c>tokenizer.json</c> fields that fail with the JSON path of the offending element.</summary>
internal static class JsonReader
{
    /// <summary>The optional property <paramref name="name"/>; null when absent or JSON null.</summary>
    public static JsonElement? Optional(JsonElement obj, string name) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    /// <summary>A required object property.</summary>
    public static JsonElement Required(JsonElement obj, string name, string path) =>
        Optional(obj, name) ?? throw new TokenizerFormatException($"{path}.{name}", "is required");

    /// <summary>A string property, or <paramref name="fallback"/> when absent.</summary>
    public static string? String(JsonElement obj, string name, string path, string? fallback = null)
    {
        var value = Optional(obj, name);
        if (value is null)
        {
            return fallback;
        }

        return value.Value.ValueKind == JsonValueKind.String
            ? value.Value.GetString()
            : throw new TokenizerFormatException($"{path}.{name}", $"expected a string, found {value.Value.ValueKind}");
    }

    /// <summary>A boolean property, or <paramref name="fallback"/> when absent.</summary>
    public static bool Bool(JsonElement obj, string name, string path, bool fallback)
    {
        var value = Optional(obj, name);
        return value?.ValueKind switch
        {
            null => fallback,
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw new TokenizerFormatException($"{path}.{name}", $"expected true or false, found {value.Value.ValueKind}"),
        };
    }

    /// <summary>An integer property, or <paramref name="fallback"/> when absent.</summary>
    public static int Int(JsonElement obj, string name, string path, int fallback)
    {
        var value = Optional(obj, name);
        if (value is null)
        {
            return fallback;
        }

        return value.Value.ValueKind == JsonValueKind.Number && value.Value.TryGetInt32(out int result)
            ? result
            : throw new TokenizerFormatException($"{path}.{name}", "expected an integer");
    }

    /// <summary>The <c>type</c> of a component object.</summary>
    public static string Type(JsonElement obj, string path)
    {
        if (obj.ValueKind != JsonValueKind.Object)
        {
            throw new TokenizerFormatException(path, $"expected an object, found {obj.ValueKind}");
        }

        return String(obj, "type", path) ?? throw new TokenizerFormatException($"{path}.type", "is required");
    }

    /// <summary>A single character property (Metaspace's replacement, Strip's content).</summary>
    public static char Char(JsonElement obj, string name, string path, char fallback)
    {
        string? text = String(obj, name, path);
        return text switch
        {
            null => fallback,
            { Length: 1 } => text[0],
            _ => throw new TokenizerFormatException($"{path}.{name}", $"expected one character, found \"{text}\""),
        };
    }
}
