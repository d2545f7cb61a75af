namespace Inference.Api.Tokenization;

/// <summary>
/// The single-sequence half of <c>TemplateProcessing</c> (and Bert/Roberta's fixed template): special ids placed
/// before and after the encoded text when special tokens are requested.
/// </summary>
internal sealed class TemplatePostProcessor(int[] before, int[] after)
{
    /// <summary>Wraps <paramref name="ids"/> with the template's special ids.</summary>
    public int[] Apply(List<int> ids)
    {
        var result = new int[before.Length + ids.Count + after.Length];
        before.CopyTo(result, 0);
        ids.CopyTo(result, before.Length);
        after.CopyTo(result, before.Length + ids.Count);
        return result;
    }
}
