namespace Inference.Api.Tokenization;

/// <summary>When the Metaspace components add (or strip) the leading replacement character.</summary>
internal enum PrependScheme
{
    /// <summary>Every section.</summary>
    Always,

    /// <summary>Only the section that starts the input.</summary>
    First,

    /// <summary>Never.</summary>
    Never,
}
