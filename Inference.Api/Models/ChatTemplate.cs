using System.Text;

namespace Inference.Api.Models;

/// <summary>
/// Renders a tokenizer_config.json <c>chat_template</c> written in the common subset of Jinja: text,
/// <c>{{ a + 'b' }}</c> outputs, <c>{% for message in messages %}</c>, <c>{% if %}/{% elif %}/{% else %}</c> with
/// <c>==</c>, <c>!=</c>, <c>not</c>; values <c>message['role']</c>, <c>message.content</c>, <c>bos_token</c>,
/// <c>eos_token</c>, <c>add_generation_prompt</c>, <c>loop.first</c>, <c>loop.last</c>; <c>{%- -%}</c> trimming.
/// Anything else is refused when the model loads, naming the construct, rather than rendered wrongly.
/// </summary>
internal sealed class ChatTemplate
{
    private readonly IReadOnlyList<TemplateNode> _nodes;

    private ChatTemplate(IReadOnlyList<TemplateNode> nodes) => _nodes = nodes;

    /// <summary>Parses a template; throws <see cref="ModelFolderException"/> for syntax outside the subset.</summary>
    public static ChatTemplate Parse(string template) => new(TemplateParser.Parse(template));

    /// <summary>Renders the conversation.</summary>
    public string Render(IReadOnlyList<(string Role, string Content)> messages, bool addGenerationPrompt, string bosToken, string eosToken)
    {
        var output = new StringBuilder();
        var scope = new TemplateScope(messages, addGenerationPrompt, bosToken, eosToken);
        foreach (var node in _nodes)
        {
            node.Render(scope, output);
        }

        return output.ToString();
    }
}
