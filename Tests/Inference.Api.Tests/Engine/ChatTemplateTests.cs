using Inference.Api.Models;

namespace Inference.Api.Tests.Engine;

public sealed class ChatTemplateTests
{
    private const string Shipped = "{% for message in messages %}{{ '<|' + message['role'] + '|>\\n' + message['content'] + '<|end|>\\n' }}{% endfor %}{% if add_generation_prompt %}{{ '<|assistant|>\\n' }}{% endif %}";

    [Fact]
    public void TheShippedTemplateRendersTurnsAndTheGenerationPrompt()
    {
        var text = ChatTemplate.Parse(Shipped).Render([("system", "Be brief."), ("user", "Hi")], addGenerationPrompt: true, "<|bos|>", "<|eos|>");

        Assert.Equal("<|system|>\nBe brief.<|end|>\n<|user|>\nHi<|end|>\n<|assistant|>\n", text);
    }

    [Fact]
    public void ConditionsElseBranchesTrimmingAndSpecialTokensWork()
    {
        const string Template = "{{ bos_token }}{%- for message in messages -%}\n  {%- if message.role == 'system' -%}[S]{{ message.content }}{%- elif message['role'] != 'user' -%}[A]{{ message.content + eos_token }}{%- else -%}[U]{{ message.content }}{%- endif -%}\n{%- endfor -%}{% if not add_generation_prompt %}!{% endif %}";

        var text = ChatTemplate.Parse(Template).Render([("system", "s"), ("user", "u"), ("assistant", "a")], addGenerationPrompt: false, "<s>", "</s>");

        Assert.Equal("<s>[S]s[U]u[A]a</s>!", text);
    }

    [Theory]
    [InlineData("{% set x = 1 %}")]
    [InlineData("{{ messages | length }}")]
    [InlineData("{% for m in messages %}{% endfor %}")]
    [InlineData("{% if add_generation_prompt %}x")]
    [InlineData("{{ raise_exception('no') }}")]
    public void SyntaxOutsideTheSubsetIsRefusedAtLoad(string template)
    {
        var error = Assert.Throws<ModelFolderException>(() => ChatTemplate.Parse(template));

        Assert.Contains("chat_template", error.Message, StringComparison.Ordinal);
    }
}
