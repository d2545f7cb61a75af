using System.Text.Json;

namespace Inference.Api.Models;

/// <summary>Typed reads from a JSON object whose failures name the file and the JSON path of the field.</summary>
internal readonly record struct JsonFields(string File, JsonElement Element, string Path = "")
{
    public JsonFields Object(string name) => new(File, Get(name, JsonValueKind.Object), Join(name));

    public JsonFields? OptionalObject(string name) =>
        Element.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Object ? new JsonFields(File, v, Join(name)) : null;

    public JsonElement Raw(string name) => Element.TryGetProperty(name, out var v) ? v : throw Missing(name);

    public string String(string name) => Get(name, JsonValueKind.String).GetString()!;

    public string? StringOr(string name, string? fallback) =>
        Element.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : fallback;

    public int Int(string name)
    {
        var v = Get(name, JsonValueKind.Number);
        return v.TryGetInt32(out var i) ? i : throw new ModelFolderException($"{File}: {Join(name)} must be an integer.");
    }

    public int IntOr(string name, int fallback) => Element.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? Int(name) : fallback;

    public double DoubleOr(string name, double fallback) =>
        Element.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : fallback;

    public bool BoolOr(string name, bool fallback) =>
        Element.TryGetProperty(name, out var v) && v.ValueKind is JsonValueKind.True or JsonValueKind.False ? v.GetBoolean() : fallback;

    private JsonElement Get(string name, JsonValueKind kind)
    {
        if (!Element.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
        {
            throw Missing(name);
        }

        return v.ValueKind == kind ? v : throw new ModelFolderException($"{File}: {Join(name)} must be {kind.ToString().ToLowerInvariant()}, not {v.ValueKind.ToString().ToLowerInvariant()}.");
    }

    private ModelFolderException Missing(string name) => new($"{File}: {Join(name)} is missing.");

    private string Join(string name) => Path.Length == 0 ? name : Path + "." + name;
}
