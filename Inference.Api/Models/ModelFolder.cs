using System.Text.Json;
using Inference.Api.Tokenization;

namespace Inference.Api.Models;

/// <summary>
/// A model folder in the ONNX Runtime GenAI layout: genai_config.json, the decoder .onnx, tokenizer.json and
/// tokenizer_config.json. Loading checks every file and the fields the engine needs, naming what is wrong.
/// </summary>
internal sealed class ModelFolder
{
    private ModelFolder(string path, GenAiConfig config, ITokenizer tokenizer, ChatTemplate? template, string bosToken, string eosToken, bool addBos)
    {
        Path = path;
        Config = config;
        Tokenizer = tokenizer;
        Template = template;
        BosToken = bosToken;
        EosToken = eosToken;
        AddBosToken = addBos;
        Name = System.IO.Path.GetFileName(System.IO.Path.TrimEndingDirectorySeparator(path));
    }

    public string Path { get; }
    public string Name { get; }
    public GenAiConfig Config { get; }
    public ITokenizer Tokenizer { get; }
    public ChatTemplate? Template { get; }
    public string BosToken { get; }
    public string EosToken { get; }
    public bool AddBosToken { get; }

    /// <summary>The decoder file's full path.</summary>
    public string DecoderPath => System.IO.Path.Combine(Path, Config.DecoderFile);

    public static ModelFolder Load(string path)
    {
        if (!Directory.Exists(path))
        {
            throw new ModelFolderException($"Model folder '{path}' does not exist (set Model:Path).");
        }

        var config = GenAiConfig.Load(Required(path, "genai_config.json"));
        Required(path, config.DecoderFile);
        ITokenizer tokenizer;
        try
        {
            tokenizer = TokenizerFactory.Load(Required(path, "tokenizer.json"));
        }
        catch (TokenizerFormatException e)
        {
            throw new ModelFolderException(e.Message, e);
        }

        if (tokenizer.VocabularySize > config.VocabSize)
        {
            throw new ModelFolderException($"{path}: tokenizer.json has {tokenizer.VocabularySize} tokens but genai_config.json model.vocab_size is {config.VocabSize}.");
        }

        var (template, bos, eos, addBos) = ReadTokenizerConfig(path, tokenizer, config);
        return new ModelFolder(path, config, tokenizer, template, bos, eos, addBos);
    }

    private static (ChatTemplate?, string, string, bool) ReadTokenizerConfig(string folder, ITokenizer tokenizer, GenAiConfig config)
    {
        var file = System.IO.Path.Combine(folder, "tokenizer_config.json");
        var bosFallback = tokenizer.IdToToken(config.BosTokenId) ?? string.Empty;
        var eosFallback = tokenizer.IdToToken(config.EosTokenIds[0]) ?? string.Empty;
        if (!File.Exists(file))
        {
            return (null, bosFallback, eosFallback, false);
        }

        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(file));
            var root = doc.RootElement;
            var template = root.TryGetProperty("chat_template", out var t) && t.ValueKind == JsonValueKind.String ? ChatTemplate.Parse(t.GetString()!) : null;
            return (template, TokenText(root, "bos_token") ?? bosFallback, TokenText(root, "eos_token") ?? eosFallback,
                root.TryGetProperty("add_bos_token", out var a) && a.ValueKind == JsonValueKind.True);
        }
        catch (JsonException e)
        {
            throw new ModelFolderException($"{file}: not valid JSON ({e.Message}).", e);
        }
    }

    // bos_token/eos_token are a string or an AddedToken object with "content".
    private static string? TokenText(JsonElement root, string name) =>
        !root.TryGetProperty(name, out var v) ? null
        : v.ValueKind == JsonValueKind.String ? v.GetString()
        : v.ValueKind == JsonValueKind.Object && v.TryGetProperty("content", out var c) ? c.GetString()
        : null;

    private static string Required(string folder, string file)
    {
        var path = System.IO.Path.Combine(folder, file);
        return File.Exists(path) ? path : throw new ModelFolderException($"{path} is missing: a model folder needs genai_config.json, the decoder .onnx, tokenizer.json and tokenizer_config.json.");
    }
}
