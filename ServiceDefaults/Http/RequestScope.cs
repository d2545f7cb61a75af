using System.Collections;
using System.Diagnostics;

namespace ServiceDefaults.Http;

/// <summary>The logging scope of a request: request id, trace id and span id as named fields.</summary>
internal sealed class RequestScope(string requestId, Activity? activity) : IReadOnlyList<KeyValuePair<string, object?>>
{
    private readonly KeyValuePair<string, object?>[] _fields =
    [
        new("RequestId", requestId),
        new("TraceId", activity?.TraceId.ToHexString()),
        new("SpanId", activity?.SpanId.ToHexString()),
    ];

    public int Count => _fields.Length;

    public KeyValuePair<string, object?> this[int index] => _fields[index];

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, object?>>)_fields).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => $"RequestId:{_fields[0].Value} TraceId:{_fields[1].Value}";
}
