using System.Runtime.InteropServices;
using System.Text;

namespace Inference.Api.Tokenization;

/// <summary>
/// Unicode normalization through the system ICU library. The repository runs with InvariantGlobalization, where
/// <see cref="string.Normalize(NormalizationForm)"/> leaves non-ASCII text unchanged, so the NFC/NFKC normalizers
/// call ICU's <c>unorm2</c> API directly. ICU exports its C functions with a version suffix (<c>_72</c>), probed here.
/// </summary>
internal sealed unsafe class IcuNormalization
{
    /// <summary>ICU major versions probed, newest first (Debian 12 ships 72).</summary>
    private const int NewestIcuVersion = 80;
    private const int OldestIcuVersion = 50;

    /// <summary><c>U_BUFFER_OVERFLOW_ERROR</c> from ICU's utypes.h.</summary>
    private const int BufferOverflowError = 15;

    private static readonly Lazy<(nint Library, string Suffix)?> s_library = new(LoadLibrary);

    // const UNormalizer2* (owned by ICU, never freed): the process-wide singleton for the form.
    private readonly nint _instance;

    // int32_t unorm2_normalize(const UNormalizer2*, const UChar* src, int32_t length, UChar* dest, int32_t capacity, UErrorCode*)
    private readonly delegate* unmanaged<nint, char*, int, char*, int, int*, int> _normalize;

    private readonly int _firstChangeable;

    private IcuNormalization(nint instance, delegate* unmanaged<nint, char*, int, char*, int, int*, int> normalize, int firstChangeable)
    {
        _instance = instance;
        _normalize = normalize;
        _firstChangeable = firstChangeable;
    }

    /// <summary>The normalizer for <paramref name="form"/>; throws when ICU is not installed.</summary>
    public static IcuNormalization Create(NormalizationForm form)
    {
        var (library, suffix) = s_library.Value
            ?? throw new InvalidOperationException("Unicode normalization needs the ICU library (libicuuc), which was not found");
        string getter = form switch
        {
            NormalizationForm.FormC => "unorm2_getNFCInstance",
            NormalizationForm.FormD => "unorm2_getNFDInstance",
            NormalizationForm.FormKC => "unorm2_getNFKCInstance",
            _ => "unorm2_getNFKDInstance",
        };
        var getInstance = (delegate* unmanaged<int*, nint>)NativeLibrary.GetExport(library, getter + suffix);
        var normalize = (delegate* unmanaged<nint, char*, int, char*, int, int*, int>)NativeLibrary.GetExport(library, "unorm2_normalize" + suffix);
        int status = 0;
        nint instance = getInstance(&status);
        if (status > 0 || instance == 0)
        {
            throw new InvalidOperationException($"ICU {getter} failed with status {status}");
        }

        // Below these code points the form changes nothing (no decompositions, no composing marks), which keeps
        // plain English text off the native path entirely.
        int firstChangeable = form switch
        {
            NormalizationForm.FormC => 0x300,
            NormalizationForm.FormD => 0xC0,
            _ => 0xA0,
        };
        return new IcuNormalization(instance, normalize, firstChangeable);
    }

    /// <summary>Normalizes <paramref name="text"/>.</summary>
    public string Normalize(string text)
    {
        int first = 0;
        while (first < text.Length && text[first] < _firstChangeable)
        {
            first++;
        }

        if (first == text.Length)
        {
            return text;
        }

        int capacity = text.Length * 3 + 16;
        while (true)
        {
            char[] buffer = new char[capacity];
            int status = 0;
            int length;
            fixed (char* src = text)
            fixed (char* dest = buffer)
            {
                length = _normalize(_instance, src, text.Length, dest, capacity, &status);
            }

            if (status == BufferOverflowError && length > capacity)
            {
                capacity = length;
                continue;
            }

            if (status > 0)
            {
                throw new InvalidOperationException($"ICU unorm2_normalize failed with status {status}");
            }

            return new string(buffer, 0, length);
        }
    }

    private static (nint, string)? LoadLibrary()
    {
        for (int version = NewestIcuVersion; version >= OldestIcuVersion; version--)
        {
            if (NativeLibrary.TryLoad($"libicuuc.so.{version}", out nint library))
            {
                string suffix = NativeLibrary.TryGetExport(library, $"unorm2_normalize_{version}", out _) ? $"_{version}" : string.Empty;
                return (library, suffix);
            }
        }

        return NativeLibrary.TryLoad("libicuuc.so", out nint unversioned) ? (unversioned, string.Empty) : null;
    }
}
