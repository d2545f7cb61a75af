using System.Text;
using BenchmarkDotNet.Attributes;
using Inference.Api.Tokenization;

namespace Benchmarks.Tokenization;

/// <summary>
/// Encoding speed on English text, single thread: the whole corpus (the license texts Debian ships, ~260 KB) per
/// operation, so MB/s = corpus bytes / mean time. Baselines in the same run: the GPT-2 regex split alone (the floor
/// any byte-level encoder pays) and the metaspace/byte_fallback test tokenizer.
/// </summary>
[MemoryDiagnoser]
public class TokenizerEncodeBenchmarks
{
    private const string CorpusDirectory = "/usr/share/common-licenses";

    private string _text = string.Empty;
    private ITokenizer _byteLevel = null!;
    private ITokenizer _metaspace = null!;
    private ITokenizer? _shipped;

    [GlobalSetup]
    public void Setup()
    {
        var builder = new StringBuilder();
        foreach (string file in Directory.EnumerateFiles(CorpusDirectory).Order(StringComparer.Ordinal))
        {
            builder.Append(File.ReadAllText(file));
        }

        _text = builder.ToString();
        string root = FindRoot();
        string data = Path.Combine(root, "Tests", "Inference.Api.Tests", "Tokenization", "data");
        _byteLevel = TokenizerFactory.Load(Path.Combine(data, "bytelevel-bpe.json"));
        _metaspace = TokenizerFactory.Load(Path.Combine(data, "metaspace-bpe.json"));
        string? shipped = Directory.Exists(Path.Combine(root, "models"))
            ? Directory.EnumerateFiles(Path.Combine(root, "models"), "tokenizer.json", SearchOption.AllDirectories).FirstOrDefault()
            : null;
        _shipped = shipped is null ? _byteLevel : TokenizerFactory.Load(shipped);
        Console.WriteLine($"// corpus: {Encoding.UTF8.GetByteCount(_text)} UTF-8 bytes; shipped tokenizer: {shipped ?? "(none, byte-level test tokenizer)"}");
    }

    [Benchmark(Baseline = true)]
    public int Gpt2RegexSplitOnly()
    {
        int count = 0;
        foreach (var match in Gpt2.Pattern().EnumerateMatches(_text))
        {
            count += match.Length;
        }

        return count;
    }

    [Benchmark]
    public int EncodeByteLevel() => _byteLevel.Encode(_text).Length;

    [Benchmark]
    public int EncodeMetaspaceByteFallback() => _metaspace.Encode(_text).Length;

    [Benchmark]
    public int EncodeShipped() => _shipped!.Encode(_text).Length;

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "InferenceService.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("run from inside the repository");
    }
}
