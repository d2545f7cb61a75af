using System.Text.Encodings.Web;

namespace Telemetry.Aggregator.Overview;

/// <summary>Every value written into the page is encoded: rule names, tenants and request ids come from configuration and clients.</summary>
internal static class Html
{
    public static string Encode(string? text) => HtmlEncoder.Default.Encode(text ?? string.Empty);
}
