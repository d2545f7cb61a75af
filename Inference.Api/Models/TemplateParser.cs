using System.Text;

namespace Inference.Api.Models;

/// <summary>Parses the chat-template subset described on <see cref="ChatTemplate"/>.</summary>
internal static class TemplateParser
{
    private static readonly HashSet<string> s_variables =
        ["bos_token", "eos_token", "add_generation_prompt", "message.role", "message.content", "loop.first", "loop.last"];

    public static IReadOnlyList<TemplateNode> Parse(string template)
    {
        var segments = Segments(template);
        var position = 0;
        var nodes = Block(segments, ref position, out var end);
        return end is null ? nodes : throw Error($"'{{% {end} %}}' without its opening tag");
    }

    private static List<TemplateNode> Block(List<(char Kind, string Body)> segments, ref int i, out string? terminator)
    {
        var nodes = new List<TemplateNode>();
        for (; i < segments.Count; i++)
        {
            var (kind, body) = segments[i];
            if (kind == 't')
            {
                nodes.Add(new TextNode(body));
                continue;
            }

            if (kind == '{')
            {
                nodes.Add(new OutputNode(Terms(body)));
                continue;
            }

            var keyword = body.Split(' ', 2)[0];
            switch (keyword)
            {
                case "for":
                    if (body != "for message in messages")
                    {
                        throw Error($"'{{% {body} %}}' (only 'for message in messages' is supported)");
                    }

                    i++;
                    var loop = Block(segments, ref i, out var endFor);
                    Expect(endFor, "endfor");
                    nodes.Add(new ForNode(loop));
                    break;
                case "if":
                    nodes.Add(If(segments, ref i, body[3..]));
                    break;
                case "elif" or "else" or "endif" or "endfor":
                    terminator = body;
                    return nodes;
                default:
                    throw Error($"'{{% {body} %}}'");
            }
        }

        terminator = null;
        return nodes;
    }

    private static IfNode If(List<(char Kind, string Body)> segments, ref int i, string condition)
    {
        var branches = new List<(TemplateCondition?, IReadOnlyList<TemplateNode>)>();
        TemplateCondition? current = Condition(condition);
        while (true)
        {
            i++;
            var body = Block(segments, ref i, out var end);
            branches.Add((current, body));
            if (end is null)
            {
                throw Error("'{% if %}' without '{% endif %}'");
            }

            if (end == "endif")
            {
                return new IfNode(branches);
            }

            if (end == "else")
            {
                current = null;
            }
            else if (end.StartsWith("elif ", StringComparison.Ordinal))
            {
                current = Condition(end[5..]);
            }
            else
            {
                throw Error($"'{{% {end} %}}' inside an if");
            }
        }
    }

    private static TemplateCondition Condition(string text)
    {
        text = text.Trim();
        var negate = text.StartsWith("not ", StringComparison.Ordinal);
        if (negate)
        {
            text = text[4..];
        }

        foreach (var op in new[] { "==", "!=" })
        {
            var at = text.IndexOf(op, StringComparison.Ordinal);
            if (at > 0)
            {
                return new TemplateCondition(Term(text[..at]), op, Term(text[(at + 2)..]), negate);
            }
        }

        return text.Contains(" and ", StringComparison.Ordinal) || text.Contains(" or ", StringComparison.Ordinal)
            ? throw Error($"condition '{text}' ('and'/'or' are not supported)")
            : new TemplateCondition(Term(text), null, null, negate);
    }

    private static List<TemplateTerm> Terms(string expression)
    {
        var terms = new List<TemplateTerm>();
        var current = new StringBuilder();
        char quote = '\0';
        foreach (var c in expression)
        {
            if (quote == '\0' && c == '+')
            {
                terms.Add(Term(current.ToString()));
                current.Clear();
                continue;
            }

            if (c is '\'' or '"' && (quote == '\0' || quote == c) && (current.Length == 0 || current[^1] != '\\'))
            {
                quote = quote == '\0' ? c : '\0';
            }

            current.Append(c);
        }

        terms.Add(Term(current.ToString()));
        return terms;
    }

    private static TemplateTerm Term(string text)
    {
        text = text.Trim();
        if (text.Length >= 2 && text[0] is '\'' or '"' && text[^1] == text[0])
        {
            return new TemplateTerm(Unescape(text[1..^1]), null);
        }

        var name = text.Replace("['", ".", StringComparison.Ordinal).Replace("[\"", ".", StringComparison.Ordinal)
            .Replace("']", string.Empty, StringComparison.Ordinal).Replace("\"]", string.Empty, StringComparison.Ordinal);
        return s_variables.Contains(name) ? new TemplateTerm(null, name) : throw Error($"expression '{text}'");
    }

    private static string Unescape(string s) =>
        s.Replace("\\n", "\n", StringComparison.Ordinal).Replace("\\t", "\t", StringComparison.Ordinal)
            .Replace("\\'", "'", StringComparison.Ordinal).Replace("\\\"", "\"", StringComparison.Ordinal).Replace("\\\\", "\\", StringComparison.Ordinal);

    // Splits into text ('t'), output ('{') and statement ('%') segments, applying {%- -%} whitespace trimming.
    private static List<(char Kind, string Body)> Segments(string template)
    {
        var segments = new List<(char, string)>();
        var i = 0;
        var trimNext = false;
        while (i < template.Length)
        {
            var open = IndexOfTag(template, i);
            var text = open < 0 ? template[i..] : template[i..open];
            if (trimNext)
            {
                text = text.TrimStart();
            }

            if (open >= 0 && template[open + 2] == '-')
            {
                text = text.TrimEnd();
            }

            if (text.Length > 0)
            {
                segments.Add(('t', text));
            }

            if (open < 0)
            {
                break;
            }

            var kind = template[open + 1];
            var closeToken = kind == '{' ? "}}" : kind == '%' ? "%}" : "#}";
            var close = template.IndexOf(closeToken, open + 2, StringComparison.Ordinal);
            if (close < 0)
            {
                throw Error($"unterminated tag at offset {open}");
            }

            var body = template[(open + 2)..close];
            trimNext = body.EndsWith('-');
            body = body.Trim('-').Trim();
            if (kind != '#')
            {
                if (HasFilter(body))
                {
                    throw Error($"filter in '{body}'");
                }

                segments.Add((kind, body));
            }

            i = close + 2;
        }

        return segments;
    }

    // A '|' outside string literals is a Jinja filter ('<|user|>' inside quotes is text).
    private static bool HasFilter(string body)
    {
        var quote = '\0';
        foreach (var c in body)
        {
            if (quote == '\0' && c is '\'' or '"')
            {
                quote = c;
            }
            else if (c == quote)
            {
                quote = '\0';
            }
            else if (quote == '\0' && c == '|')
            {
                return true;
            }
        }

        return false;
    }

    private static int IndexOfTag(string s, int from)
    {
        for (var i = s.IndexOf('{', from); i >= 0 && i < s.Length - 2; i = s.IndexOf('{', i + 1))
        {
            if (s[i + 1] is '{' or '%' or '#')
            {
                return i;
            }
        }

        return -1;
    }

    private static void Expect(string? actual, string expected)
    {
        if (actual != expected)
        {
            throw Error($"expected '{{% {expected} %}}' but found '{actual ?? "end of template"}'");
        }
    }

    private static ModelFolderException Error(string what) =>
        new($"tokenizer_config.json: chat_template uses {what}, outside the supported Jinja subset.");
}
