namespace Inference.Api.Tests.Tokenization;

/// <summary>What the reference tokenizer produced for one text.</summary>
internal sealed record ReferenceResult(int[] Ids, int[] IdsWithSpecials, string Decoded, string DecodedWithSpecials);
