using System.Buffers;
using System.Text;
using BenchmarkDotNet.Attributes;
using ServiceDefaults.Redis;

namespace Benchmarks.Redis;

/// <summary>
/// The Redis client's wire format without a socket: encoding the commands the services send (a SET, and the EVALSHA
/// with which the aggregator claims a batch) and parsing the replies they get back (OK, an integer, one event as a
/// bulk string, and a claimed batch of 256 events). Baseline: parsing <c>+OK</c>.
/// </summary>
[MemoryDiagnoser]
public class RespCodecBenchmarks
{
    private static readonly object[] s_setArgs = ["telemetry:bench:key", "a value of thirty-two bytes here"];

    private readonly ArrayBufferWriter<byte> _writer = new(64 * 1024);
    private object[] _evalShaArgs = [];
    private ReadOnlySequence<byte> _ok;
    private ReadOnlySequence<byte> _integer;
    private ReadOnlySequence<byte> _event;
    private ReadOnlySequence<byte> _batch;

    [GlobalSetup]
    public void Setup()
    {
        _evalShaArgs = ["0123456789abcdef0123456789abcdef01234567", 2, "telemetry:events", "telemetry:processing:consumer-1", 256, 1_795_000_000_000L, 30_000];
        var oneEvent = "{\"id\":\"01JBENCH0000000000000000\",\"ts\":\"2026-11-22T18:00:00.000Z\",\"model\":\"kjv-5m\",\"route\":\"/generate\",\"outcome\":\"ok\",\"latency_ms\":41.2,\"ttft_ms\":9.8,\"tpot_ms\":2.1,\"input_tokens\":12,\"output_tokens\":16,\"tenant\":\"t-9f2c\"}";
        _ok = Bytes("+OK\r\n");
        _integer = Bytes(":1234567\r\n");
        _event = Bytes($"${Encoding.UTF8.GetByteCount(oneEvent)}\r\n{oneEvent}\r\n");
        var batch = new StringBuilder("*256\r\n");
        for (var i = 0; i < 256; i++)
        {
            batch.Append('$').Append(Encoding.UTF8.GetByteCount(oneEvent)).Append("\r\n").Append(oneEvent).Append("\r\n");
        }

        _batch = Bytes(batch.ToString());
    }

    [Benchmark]
    public int EncodeSet()
    {
        _writer.ResetWrittenCount();
        RespWriter.Write(_writer, "SET", s_setArgs);
        return _writer.WrittenCount;
    }

    [Benchmark]
    public int EncodeEvalSha()
    {
        _writer.ResetWrittenCount();
        RespWriter.Write(_writer, "EVALSHA", _evalShaArgs);
        return _writer.WrittenCount;
    }

    [Benchmark(Baseline = true)]
    public object ParseOk() => Parse(_ok);

    [Benchmark]
    public object ParseInteger() => Parse(_integer);

    [Benchmark]
    public object ParseOneEvent() => Parse(_event);

    [Benchmark]
    public object ParseBatchOf256Events() => Parse(_batch);

    private static object Parse(ReadOnlySequence<byte> reply)
    {
        var buffer = reply;
        return RespParser.TryParse(ref buffer, out var value) ? value : throw new InvalidOperationException("incomplete reply");
    }

    private static ReadOnlySequence<byte> Bytes(string text) => new(Encoding.UTF8.GetBytes(text));
}
