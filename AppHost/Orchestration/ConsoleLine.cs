namespace AppHost.Orchestration;

/// <summary>One console line of a resource, in the JSON shape of <c>/api/console</c>.</summary>
/// <param name="Seq">Sequence number within the resource, from 1, kept across restarts.</param>
/// <param name="Time">When the AppHost read it, UTC.</param>
/// <param name="Text">The line.</param>
internal sealed record ConsoleLine(long Seq, DateTime Time, string Text);
