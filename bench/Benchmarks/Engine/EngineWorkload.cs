namespace Benchmarks.Engine;

/// <summary>
/// The concurrent-streams workload <c>engine-concurrency</c> and <c>engines</c> share, so their figures compare: at
/// each level, stream i asks for <see cref="NewTokens"/> greedy tokens from prompt i (modulo the set).
/// </summary>
internal static class EngineWorkload
{
    /// <summary>New tokens each stream asks for.</summary>
    public const int NewTokens = 64;

    /// <summary>Concurrent streams per level.</summary>
    public static readonly int[] Levels = [1, 2, 4, 8];

    /// <summary>Raw-text prompts (no chat template), one per stream of the highest level.</summary>
    public static readonly string[] Prompts =
    [
        "And God said, Let there be light: and there was light. And God saw the light",
        "In the beginning",
        "The LORD is my shepherd; I shall not want.",
        "And it came to pass, when men began to multiply on the face of the earth,",
        "Blessed are the meek",
        "Now the serpent was more subtil than any beast of the field",
        "Honour thy father and thy mother",
        "And Moses said unto the people,",
    ];
}
