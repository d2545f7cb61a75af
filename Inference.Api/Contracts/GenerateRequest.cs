namespace Inference.Api.Contracts;

/// <summary><c>POST /generate</c> body. Unknown fields are ignored.</summary>
internal sealed class GenerateRequest
{
    public string? Prompt { get; set; }
    public int? MaxTokens { get; set; }
    public double? Temperature { get; set; }
    public int? TopK { get; set; }
    public double? TopP { get; set; }
    public long? Seed { get; set; }
    public StopSequences? Stop { get; set; }
    public bool? Stream { get; set; }
}
