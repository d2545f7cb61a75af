using System.Text.Json;

namespace Inference.Api.Models;

/// <summary>
/// What the engine reads from <c>genai_config.json</c> (the ONNX Runtime GenAI layout: model.decoder inputs/outputs
/// with <c>%d</c> layer templates, token ids, context length, search defaults).
/// </summary>
internal sealed record GenAiConfig(
    string ModelType,
    int VocabSize,
    int ContextLength,
    int BosTokenId,
    IReadOnlyList<int> EosTokenIds,
    int PadTokenId,
    string DecoderFile,
    int HeadSize,
    int HiddenSize,
    int NumAttentionHeads,
    int NumKeyValueHeads,
    int NumHiddenLayers,
    DecoderNames Names,
    SearchDefaults Search)
{
    /// <summary>Reads and validates the file; errors name the file and the JSON path.</summary>
    public static GenAiConfig Load(string path)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(File.ReadAllBytes(path));
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            throw new ModelFolderException($"{path}: cannot be read as JSON ({e.Message}).", e);
        }

        using (doc)
        {
            var r = new JsonFields(path, doc.RootElement);
            var model = r.Object("model");
            var (type, vocab, context) = (model.String("type"), model.Int("vocab_size"), model.Int("context_length"));
            var decoder = model.Object("decoder");
            var inputs = decoder.Object("inputs");
            var outputs = decoder.Object("outputs");
            var heads = decoder.Int("num_attention_heads");
            var eos = model.Raw("eos_token_id");
            IReadOnlyList<int> eosIds = eos.ValueKind switch
            {
                JsonValueKind.Number => [eos.GetInt32()],
                JsonValueKind.Array when eos.GetArrayLength() > 0 => [.. eos.EnumerateArray().Select(e => e.GetInt32())],
                _ => throw new ModelFolderException($"{path}: model.eos_token_id must be an integer or a non-empty array of integers."),
            };
            var search = r.OptionalObject("search");
            return new GenAiConfig(
                type,
                vocab,
                context,
                model.IntOr("bos_token_id", -1),
                eosIds,
                model.IntOr("pad_token_id", eosIds[0]),
                decoder.String("filename"),
                decoder.IntOr("head_size", decoder.Int("hidden_size") / heads),
                decoder.Int("hidden_size"),
                heads,
                decoder.IntOr("num_key_value_heads", heads),
                decoder.Int("num_hidden_layers"),
                new DecoderNames(
                    inputs.String("input_ids"),
                    inputs.StringOr("attention_mask", null),
                    inputs.StringOr("position_ids", null),
                    inputs.String("past_key_names"),
                    inputs.String("past_value_names"),
                    outputs.String("logits"),
                    outputs.String("present_key_names"),
                    outputs.String("present_value_names")),
                new SearchDefaults(
                    search?.DoubleOr("temperature", 1.0) ?? 1.0,
                    search?.IntOr("top_k", 50) ?? 50,
                    search?.DoubleOr("top_p", 1.0) ?? 1.0,
                    search?.DoubleOr("repetition_penalty", 1.0) ?? 1.0,
                    search?.BoolOr("do_sample", false) ?? false,
                    search?.IntOr("max_length", 0) ?? 0));
        }
    }
}

/// <summary>Decoder tensor names; the past/present ones are templates with <c>%d</c> for the layer.</summary>
internal sealed record DecoderNames(
    string InputIds, string? AttentionMask, string? PositionIds, string PastKey, string PastValue, string Logits, string PresentKey, string PresentValue)
{
    /// <summary>Fills a <c>%d</c> template with a layer index.</summary>
    public static string Layer(string template, int layer) => template.Replace("%d", layer.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
}

/// <summary>Search defaults from genai_config.json's <c>search</c> section.</summary>
internal sealed record SearchDefaults(double Temperature, int TopK, double TopP, double RepetitionPenalty, bool DoSample, int MaxLength);
