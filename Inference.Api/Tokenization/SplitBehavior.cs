namespace Inference.Api.Tokenization;

/// <summary>What a split does with the delimiter it matched (the <c>behavior</c> field of a Split pre-tokenizer).</summary>
internal enum SplitBehavior
{
    /// <summary>The delimiter is dropped.</summary>
    Removed,

    /// <summary>The delimiter becomes a piece of its own.</summary>
    Isolated,

    /// <summary>The delimiter is glued to the piece before it.</summary>
    MergedWithPrevious,

    /// <summary>The delimiter is glued to the piece after it.</summary>
    MergedWithNext,

    /// <summary>Consecutive delimiters form one piece.</summary>
    Contiguous,
}
