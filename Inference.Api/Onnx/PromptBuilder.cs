using Inference.Api.Models;
using Microsoft.Extensions.AI;

namespace Inference.Api.Onnx;

/// <summary>Turns messages into prompt token ids: the chat template (or a plain fallback), then BOS if the tokenizer asks.</summary>
internal static class PromptBuilder
{
    public static int[] Build(ModelFolder model, IEnumerable<ChatMessage> messages, bool raw)
    {
        var list = messages.Select(m => (Role: m.Role.Value, Content: m.Text)).ToList();
        var text = raw
            ? string.Concat(list.Select(m => m.Content))
            : model.Template is { } template
                ? template.Render(list, addGenerationPrompt: true, model.BosToken, model.EosToken)
                : string.Concat(list.Select(m => m.Role + ": " + m.Content + "\n")) + "assistant: ";
        var ids = model.Tokenizer.Encode(text, addSpecialTokens: true);
        var bos = model.Config.BosTokenId;
        if (model.AddBosToken && bos >= 0 && (ids.Length == 0 || ids[0] != bos))
        {
            ids = [bos, .. ids];
        }

        return ids;
    }
}
