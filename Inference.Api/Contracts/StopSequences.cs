using System.Text.Json;
using System.Text.Json.Serialization;

namespace Inference.Api.Contracts;

/// <summary><c>stop</c>: a string or an array of strings, as the OpenAI API accepts it.</summary>
[JsonConverter(typeof(StopSequencesConverter))]
internal sealed class StopSequences(IReadOnlyList<string> values)
{
    public IReadOnlyList<string> Values { get; } = values;
}

/// <summary>Reads a string or an array of strings; anything else is a JSON error naming the expected shape.</summary>
internal sealed class StopSequencesConverter : JsonConverter<StopSequences>
{
    public override StopSequences? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                return new StopSequences([reader.GetString()!]);
            case JsonTokenType.StartArray:
                var values = new List<string>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    if (reader.TokenType != JsonTokenType.String)
                    {
                        throw new JsonException("stop must be a string or an array of strings.");
                    }

                    values.Add(reader.GetString()!);
                }

                return new StopSequences(values);
            default:
                throw new JsonException("stop must be a string or an array of strings.");
        }
    }

    public override void Write(Utf8JsonWriter writer, StopSequences value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        foreach (var s in value.Values)
        {
            writer.WriteStringValue(s);
        }

        writer.WriteEndArray();
    }
}
