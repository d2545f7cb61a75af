using Inference.Api.Onnx;
using Microsoft.ML.OnnxRuntime;

namespace Inference.Api.Generation;

/// <summary>
/// The rows decoded together: one Run per step for all of them. Rows have different past lengths, so the batch's
/// past K/V is left-padded to the longest ([batch, kv heads, longest, head size]), the attention mask is 0 over each
/// row's padding, and each row's position id is its own past length. The presents of a step are the next step's
/// past as they are; only when membership changes (a row joins after its prefill, or leaves) is the past rebuilt by
/// copying each row's real K/V into new tensors, which also drops padding nobody needs any more.
/// </summary>
internal sealed class DecodeBatch(DecoderSession session) : IDisposable
{
    private readonly List<DecodeRow> _rows = [];
    private readonly List<DecodeRow> _joining = [];
    private OrtValue[]? _past;
    private int _pastLength;
    private bool _changed;
    private long[] _ids = [];
    private long[] _positions = [];
    private long[] _mask = [];

    /// <summary>Rows decoding now, in step order (row i of a step's logits is <c>Rows[i]</c>).</summary>
    public IReadOnlyList<DecodeRow> Rows => _rows;

    /// <summary>Rows decoding plus rows that join at the next step.</summary>
    public int Count => _rows.Count + _joining.Count;

    /// <summary>
    /// Prefills a row alone in one Run: its presents become <see cref="DecodeRow.OwnPast"/>, its last position's
    /// logits go to <paramref name="logits"/>. <paramref name="runOptions"/> may abort it (the row's cancellation).
    /// </summary>
    public void Prefill(DecodeRow row, RunOptions? runOptions, Span<float> logits)
    {
        var length = row.Prompt.Length;
        var ids = new long[length];
        var mask = new long[length];
        var positions = new long[length];
        for (var i = 0; i < length; i++)
        {
            ids[i] = row.Prompt[i];
            mask[i] = 1;
            positions[i] = i;
        }

        using var output = session.Run(ids, mask, positions, 1, length, null, runOptions);
        output.CopyLogits(0, length - 1, length, logits);
        row.OwnPast = output.Presents;
        row.PastLength = length;
    }

    /// <summary>Adds a prefilled row; it decodes from the next step on.</summary>
    public void Join(DecodeRow row)
    {
        _joining.Add(row);
        _changed = true;
    }

    /// <summary>Takes a row out (finished, cancelled or failed); the others are not disturbed.</summary>
    public void Remove(DecodeRow row)
    {
        if (_rows.Remove(row) || _joining.Remove(row))
        {
            row.ReleaseOwnPast();
            _changed = true;
        }
    }

    /// <summary>Removes every row, returning them (to be failed or cancelled by the caller).</summary>
    public List<DecodeRow> Clear()
    {
        var all = new List<DecodeRow>(_rows);
        all.AddRange(_joining);
        foreach (var row in all)
        {
            Remove(row);
        }

        ReleasePast();
        _changed = false;
        return all;
    }

    /// <summary>
    /// Runs one decode step: every row's <see cref="DecodeRow.NextInput"/> at its own position. The caller reads
    /// row i's logits from the result (<c>CopyLogits(i, 0, 1, ...)</c>) and disposes it.
    /// </summary>
    public StepOutput Step(RunOptions? runOptions)
    {
        if (_changed)
        {
            Rebuild();
        }

        var batch = _rows.Count;
        var total = _pastLength + 1;
        Grow(ref _ids, batch);
        Grow(ref _positions, batch);
        Grow(ref _mask, batch * total);
        for (var b = 0; b < batch; b++)
        {
            var row = _rows[b];
            _ids[b] = row.NextInput;
            _positions[b] = row.PastLength;
            var padding = _pastLength - row.PastLength;
            _mask.AsSpan(b * total, padding).Clear();
            _mask.AsSpan((b * total) + padding, total - padding).Fill(1);
        }

        var output = session.Run(_ids.AsMemory(0, batch), _mask.AsMemory(0, batch * total), _positions.AsMemory(0, batch), batch, 1, _past, runOptions);
        ReleasePast();
        _past = output.Presents;
        _pastLength = total;
        foreach (var row in _rows)
        {
            row.PastLength++;
        }

        return output;
    }

    public void Dispose() => Clear();

    // New past tensors as long as the longest row; each row's real K/V copied to the end of its slot.
    private void Rebuild()
    {
        _changed = false;
        var members = new List<DecodeRow>(_rows.Count + _joining.Count);
        members.AddRange(_rows);
        members.AddRange(_joining);
        var longest = 0;
        foreach (var row in members)
        {
            longest = Math.Max(longest, row.PastLength);
        }

        var past = members.Count == 0 ? null : session.CreatePast(members.Count, longest);
        for (var slot = 0; slot < members.Count; slot++)
        {
            var row = members[slot];
            if (row.OwnPast is { } own)
            {
                session.CopyPast(own, 0, row.PastLength, past!, slot, longest, row.PastLength);
                row.ReleaseOwnPast();
            }
            else
            {
                session.CopyPast(_past!, row.Slot, _pastLength, past!, slot, longest, row.PastLength);
            }

            row.Slot = slot;
        }

        ReleasePast();
        _past = past;
        _pastLength = longest;
        _rows.Clear();
        _rows.AddRange(members);
        _joining.Clear();
    }

    private void ReleasePast()
    {
        foreach (var value in _past ?? [])
        {
            value.Dispose();
        }

        _past = null;
        _pastLength = 0;
    }

    private static void Grow(ref long[] buffer, int size)
    {
        if (buffer.Length < size)
        {
            buffer = new long[Math.Max(size, buffer.Length * 2)];
        }
    }
}
