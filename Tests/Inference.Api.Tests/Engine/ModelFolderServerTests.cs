using Inference.Api.Models;
using Inference.Api.Onnx;

namespace Inference.Api.Tests.Engine;

public sealed class ModelFolderServerTests : IDisposable
{
    private readonly DirectoryInfo _copy = Directory.CreateTempSubdirectory("model-copy-");

    public void Dispose() => _copy.Delete(recursive: true);

    [Fact]
    public void TheShippedFolderLoadsWithConsistentFacts()
    {
        var model = ModelFolder.Load(TestPaths.ShippedModel);

        Assert.Equal("llama", model.Config.ModelType);
        Assert.True(model.Config.NumKeyValueHeads < model.Config.NumAttentionHeads, "grouped-query attention");
        Assert.Contains(model.Tokenizer.TokenToId("<|end|>")!.Value, model.Config.EosTokenIds);
        Assert.NotNull(model.Template);
    }

    [Theory]
    [InlineData("genai_config.json", null, "genai_config.json is missing")]
    [InlineData("tokenizer.json", null, "tokenizer.json is missing")]
    [InlineData("model.onnx", null, "model.onnx is missing")]
    [InlineData("genai_config.json", "{\"model\":{}}", "model.type is missing")]
    [InlineData("genai_config.json", "{\"model\":{\"type\":\"llama\",\"vocab_size\":\"big\"}}", "model.vocab_size must be number")]
    [InlineData("genai_config.json", "not json", "cannot be read as JSON")]
    [InlineData("tokenizer_config.json", "{\"chat_template\":\"{% set x = 1 %}\"}", "outside the supported Jinja subset")]
    public void ABrokenFolderFailsNamingTheFileAndTheField(string file, string? content, string expected)
    {
        foreach (var source in Directory.EnumerateFiles(TestPaths.ShippedModel))
        {
            File.Copy(source, Path.Combine(_copy.FullName, Path.GetFileName(source)));
        }

        var target = Path.Combine(_copy.FullName, file);
        if (content is null)
        {
            File.Delete(target);
        }
        else
        {
            File.WriteAllText(target, content);
        }

        var error = Assert.Throws<ModelFolderException>(() => ModelFolder.Load(_copy.FullName));

        Assert.True(error.Message.Contains(expected, StringComparison.Ordinal), error.Message);
    }

    [Fact]
    public void AModelFileOnnxRuntimeCannotParseFailsNamingTheFileWithOnnxRuntimesReason()
    {
        foreach (var source in Directory.EnumerateFiles(TestPaths.ShippedModel))
        {
            File.Copy(source, Path.Combine(_copy.FullName, Path.GetFileName(source)));
        }

        File.WriteAllText(Path.Combine(_copy.FullName, "model.onnx"), "not a protobuf");
        var model = ModelFolder.Load(_copy.FullName);

        var error = Assert.Throws<ModelFolderException>(() => new DecoderSession(model, new ModelOptions { IntraOpThreads = 1 }));

        Assert.Contains("model.onnx could not be loaded by ONNX Runtime", error.Message, StringComparison.Ordinal);
        Assert.IsType<Microsoft.ML.OnnxRuntime.OnnxRuntimeException>(error.InnerException);
    }

    [Fact]
    public void CudaOnTheCpuBuildIsRefusedSayingHowToGetTheGpuFlavourInsteadOfRunningOnTheCpu()
    {
        var model = ModelFolder.Load(TestPaths.ShippedModel);

        var error = Assert.Throws<ExecutionProviderUnavailableException>(() => new DecoderSession(model, new ModelOptions { Provider = "cuda" }));

        Assert.True(error.Message.Contains("has no CUDA provider", StringComparison.Ordinal), error.Message);
        Assert.Contains("-p:OnnxRuntimeFlavor=gpu", error.Message, StringComparison.Ordinal);
        Assert.Contains("does not fall back", error.Message, StringComparison.Ordinal);
    }
}
