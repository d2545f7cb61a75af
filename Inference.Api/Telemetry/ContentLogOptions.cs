namespace Inference.Api.Telemetry;

/// <summary>
/// <c>Telemetry:Content</c>: whether prompts and completions appear in the logs at all. Off by default: the request
/// line carries only the prompt's length and a SHA-256 prefix. When an operator turns it on (to debug a model,
/// say), each request gets a second line (event 1002) with the prompt and the completion after
/// <see cref="ContentRedactor"/> has replaced e-mail addresses, card numbers, phone numbers, IP addresses, bearer
/// tokens and key-like secrets, cut to <see cref="MaxChars"/> characters each.
/// </summary>
public sealed class ContentLogOptions
{
    /// <summary>Log redacted prompts and completions (event 1002). Default false.</summary>
    public bool Log { get; set; }

    /// <summary>Characters kept of each text after redaction (16 to 65 536).</summary>
    public int MaxChars { get; set; } = 512;
}
