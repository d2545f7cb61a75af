using System.Text;

namespace Inference.Api.Models;

/// <summary>Values visible while rendering: the conversation, the loop variable and the flags.</summary>
internal sealed class TemplateScope(IReadOnlyList<(string Role, string Content)> messages, bool addGenerationPrompt, string bos, string eos)
{
    public IReadOnlyList<(string Role, string Content)> Messages { get; } = messages;

    public int Index { get; set; } = -1;

    public string? Lookup(string name) => name switch
    {
        "bos_token" => bos,
        "eos_token" => eos,
        "add_generation_prompt" => addGenerationPrompt ? "true" : null,
        "message.role" => Index >= 0 ? Messages[Index].Role : throw new InvalidOperationException("message used outside the loop"),
        "message.content" => Index >= 0 ? Messages[Index].Content : throw new InvalidOperationException("message used outside the loop"),
        "loop.first" => Index == 0 ? "true" : null,
        "loop.last" => Index == Messages.Count - 1 ? "true" : null,
        _ => throw new InvalidOperationException("unknown variable " + name),
    };
}

/// <summary>A parsed piece of the template.</summary>
internal abstract record TemplateNode
{
    public abstract void Render(TemplateScope scope, StringBuilder output);
}

/// <summary>Literal text.</summary>
internal sealed record TextNode(string Text) : TemplateNode
{
    public override void Render(TemplateScope scope, StringBuilder output) => output.Append(Text);
}

/// <summary><c>{{ term + term ... }}</c>.</summary>
internal sealed record OutputNode(IReadOnlyList<TemplateTerm> Terms) : TemplateNode
{
    public override void Render(TemplateScope scope, StringBuilder output)
    {
        foreach (var term in Terms)
        {
            output.Append(term.Evaluate(scope));
        }
    }
}

/// <summary><c>{% for message in messages %}</c>.</summary>
internal sealed record ForNode(IReadOnlyList<TemplateNode> Body) : TemplateNode
{
    public override void Render(TemplateScope scope, StringBuilder output)
    {
        for (scope.Index = 0; scope.Index < scope.Messages.Count; scope.Index++)
        {
            foreach (var node in Body)
            {
                node.Render(scope, output);
            }
        }

        scope.Index = -1;
    }
}

/// <summary><c>{% if %}</c> with its <c>elif</c> branches and <c>else</c> (a branch with no condition).</summary>
internal sealed record IfNode(IReadOnlyList<(TemplateCondition? Condition, IReadOnlyList<TemplateNode> Body)> Branches) : TemplateNode
{
    public override void Render(TemplateScope scope, StringBuilder output)
    {
        foreach (var (condition, body) in Branches)
        {
            if (condition is null || condition.Evaluate(scope))
            {
                foreach (var node in body)
                {
                    node.Render(scope, output);
                }

                return;
            }
        }
    }
}

/// <summary>A string literal or a variable.</summary>
internal sealed record TemplateTerm(string? Literal, string? Variable)
{
    public string Evaluate(TemplateScope scope) => Literal ?? scope.Lookup(Variable!) ?? string.Empty;
}

/// <summary><c>a == b</c>, <c>a != b</c>, <c>a</c> (truthy) or <c>not a</c>.</summary>
internal sealed record TemplateCondition(TemplateTerm Left, string? Operator, TemplateTerm? Right, bool Negate)
{
    public bool Evaluate(TemplateScope scope)
    {
        var result = Operator switch
        {
            "==" => Left.Evaluate(scope) == Right!.Evaluate(scope),
            "!=" => Left.Evaluate(scope) != Right!.Evaluate(scope),
            _ => Left.Literal is { Length: > 0 } || (Left.Variable is { } v && !string.IsNullOrEmpty(scope.Lookup(v))),
        };
        return result != Negate;
    }
}
