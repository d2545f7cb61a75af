namespace Inference.Api.Tokenization;

/// <summary>An entry of <c>added_tokens</c>: matched in the raw text before the model sees it.</summary>
/// <param name="Id">Its id.</param>
/// <param name="Content">The literal text.</param>
/// <param name="Special">Special tokens are dropped by decode when asked to skip them.</param>
/// <param name="SingleWord">Matches only when not inside a word.</param>
/// <param name="LeftStrip">Swallows whitespace on its left.</param>
/// <param name="RightStrip">Swallows whitespace on its right.</param>
/// <param name="Normalized">Matched in normalized text rather than raw text.</param>
internal sealed record AddedToken(int Id, string Content, bool Special, bool SingleWord, bool LeftStrip, bool RightStrip, bool Normalized);
