using System.Globalization;

namespace ServiceDefaults.Tests.Observability.Otlp;

/// <summary>
/// Decodes OTLP/HTTP protobuf bodies by field number (opentelemetry-proto v1):
/// Export*ServiceRequest.1 = Resource{Spans,Metrics}; Resource*.1 = Resource, .2 = Scope{Spans,Metrics};
/// Scope*.2 = Span / Metric; Resource.1, Span.9 = KeyValue; KeyValue.1 = key, .2 = AnyValue;
/// AnyValue.1 string, .2 bool, .3 int, .4 double; Span.5 = name; Metric.1 = name.
/// </summary>
internal static class OtlpDecoder
{
    public static List<OtlpItem> Traces(ReadOnlySpan<byte> body) => Decode(body, nameField: 5, attributesField: 9);

    public static List<OtlpItem> Metrics(ReadOnlySpan<byte> body) => Decode(body, nameField: 1, attributesField: -1);

    private static List<OtlpItem> Decode(ReadOnlySpan<byte> body, int nameField, int attributesField)
    {
        var items = new List<OtlpItem>();
        var request = new ProtoReader(body);
        while (request.Next())
        {
            if (request.Field != 1)
            {
                request.Skip();
                continue;
            }

            var resource = new Dictionary<string, string>(StringComparer.Ordinal);
            var scopes = new List<byte[]>();
            var group = new ProtoReader(request.Bytes());
            while (group.Next())
            {
                switch (group.Field)
                {
                    case 1:
                        var attributes = new ProtoReader(group.Bytes());
                        while (attributes.Next())
                        {
                            if (attributes.Field == 1)
                            {
                                KeyValue(attributes.Bytes(), resource);
                            }
                            else
                            {
                                attributes.Skip();
                            }
                        }

                        break;
                    case 2:
                        scopes.Add(group.Bytes().ToArray());
                        break;
                    default:
                        group.Skip();
                        break;
                }
            }

            foreach (var scope in scopes)
            {
                var reader = new ProtoReader(scope);
                while (reader.Next())
                {
                    if (reader.Field == 2)
                    {
                        items.Add(Item(reader.Bytes(), resource, nameField, attributesField));
                    }
                    else
                    {
                        reader.Skip();
                    }
                }
            }
        }

        return items;
    }

    private static OtlpItem Item(ReadOnlySpan<byte> message, Dictionary<string, string> resource, int nameField, int attributesField)
    {
        var name = string.Empty;
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        var reader = new ProtoReader(message);
        while (reader.Next())
        {
            if (reader.Field == nameField)
            {
                name = reader.String();
            }
            else if (reader.Field == attributesField)
            {
                KeyValue(reader.Bytes(), attributes);
            }
            else
            {
                reader.Skip();
            }
        }

        return new OtlpItem(name, resource, attributes);
    }

    private static void KeyValue(ReadOnlySpan<byte> message, Dictionary<string, string> into)
    {
        string? key = null, value = null;
        var reader = new ProtoReader(message);
        while (reader.Next())
        {
            if (reader.Field == 1)
            {
                key = reader.String();
            }
            else if (reader.Field == 2)
            {
                value = AnyValue(reader.Bytes());
            }
            else
            {
                reader.Skip();
            }
        }

        if (key is not null)
        {
            into[key] = value ?? string.Empty;
        }
    }

    private static string? AnyValue(ReadOnlySpan<byte> message)
    {
        string? value = null;
        var reader = new ProtoReader(message);
        while (reader.Next())
        {
            value = reader.Field switch
            {
                1 => reader.String(),
                2 => reader.Varint() != 0 ? "true" : "false",
                3 => ((long)reader.Varint()).ToString(CultureInfo.InvariantCulture),
                4 => BitConverter.UInt64BitsToDouble(reader.Fixed64()).ToString("R", CultureInfo.InvariantCulture),
                _ => Skipped(ref reader),
            };
        }

        return value;
    }

    private static string? Skipped(ref ProtoReader reader)
    {
        reader.Skip();
        return null;
    }
}
