using System.Text;

namespace Inference.Api.Onnx.Native;

/// <summary>Tensors, run options and <c>Run</c>.</summary>
internal static unsafe partial class NativeMethods
{
    /// <summary>ONNXTensorElementDataType values used here.</summary>
    public const int ElementFloat = 1;

    /// <summary>ONNX int64.</summary>
    public const int ElementInt64 = 7;

    /// <summary>C: <c>CreateCpuMemoryInfo(OrtAllocatorType, OrtMemType, OrtMemoryInfo** out)</c> with device allocator, default memory.</summary>
    public static OrtMemoryInfoHandle CreateCpuMemoryInfo()
    {
        var handle = new OrtMemoryInfoHandle();
        nint info;
        Check(((delegate* unmanaged[Cdecl]<int, int, nint*, nint>)Function(OrtApiSlots.CreateCpuMemoryInfo))(0, 0, &info), "CreateCpuMemoryInfo");
        handle.Attach(info);
        return handle;
    }

    /// <summary>
    /// C: <c>CreateTensorWithDataAsOrtValue(const OrtMemoryInfo*, void* data, size_t bytes, const int64_t* shape,
    /// size_t rank, type, OrtValue** out)</c>. The value borrows <paramref name="data"/>: the caller keeps it pinned
    /// (a pinned array) for the value's whole life.
    /// </summary>
    public static OrtValueHandle CreateTensor(OrtMemoryInfoHandle memory, nint data, long bytes, ReadOnlySpan<long> shape, int elementType)
    {
        var handle = new OrtValueHandle();
        nint value;
        fixed (long* s = shape)
        {
            Check(((delegate* unmanaged[Cdecl]<nint, nint, nuint, long*, nuint, int, nint*, nint>)Function(OrtApiSlots.CreateTensorWithDataAsOrtValue))(
                memory.Pointer, data, (nuint)bytes, s, (nuint)shape.Length, elementType, &value), "CreateTensorWithDataAsOrtValue");
        }

        handle.Attach(value);
        GC.KeepAlive(memory);
        return handle;
    }

    /// <summary>
    /// C: <c>CreateTensorAsOrtValue(OrtAllocator*, const int64_t* shape, size_t rank, type, OrtValue** out)</c> with
    /// the default CPU allocator (<c>GetAllocatorWithDefaultOptions</c>, owned by ORT, never released). The value owns
    /// its memory, which is not initialised: the caller fills it.
    /// </summary>
    public static OrtValueHandle CreateOwnedTensor(ReadOnlySpan<long> shape, int elementType)
    {
        nint allocator;
        Check(((delegate* unmanaged[Cdecl]<nint*, nint>)Function(OrtApiSlots.GetAllocatorWithDefaultOptions))(&allocator), "GetAllocatorWithDefaultOptions");
        var handle = new OrtValueHandle();
        nint value;
        fixed (long* s = shape)
        {
            Check(((delegate* unmanaged[Cdecl]<nint, long*, nuint, int, nint*, nint>)Function(OrtApiSlots.CreateTensorAsOrtValue))(
                allocator, s, (nuint)shape.Length, elementType, &value), "CreateTensorAsOrtValue");
        }

        handle.Attach(value);
        return handle;
    }

    /// <summary>C: <c>GetTensorMutableData(OrtValue*, void** out)</c>; the memory belongs to the value.</summary>
    public static nint GetTensorData(OrtValueHandle value)
    {
        nint data;
        Check(((delegate* unmanaged[Cdecl]<nint, nint*, nint>)Function(OrtApiSlots.GetTensorMutableData))(value.Pointer, &data), "GetTensorMutableData");
        GC.KeepAlive(value);
        return data;
    }

    /// <summary>The shape of a tensor value (type-and-shape info created and released here).</summary>
    public static long[] GetTensorShape(OrtValueHandle value)
    {
        nint info;
        Check(((delegate* unmanaged[Cdecl]<nint, nint*, nint>)Function(OrtApiSlots.GetTensorTypeAndShape))(value.Pointer, &info), "GetTensorTypeAndShape");
        try
        {
            return Dimensions(info);
        }
        finally
        {
            Release(OrtApiSlots.ReleaseTensorTypeAndShapeInfo, info);
            GC.KeepAlive(value);
        }
    }

    /// <summary>C: <c>CreateRunOptions(OrtRunOptions** out)</c>; caller owns them.</summary>
    public static OrtRunOptionsHandle CreateRunOptions()
    {
        var handle = new OrtRunOptionsHandle();
        nint options;
        Check(((delegate* unmanaged[Cdecl]<nint*, nint>)Function(OrtApiSlots.CreateRunOptions))(&options), "CreateRunOptions");
        handle.Attach(options);
        return handle;
    }

    /// <summary>C: <c>RunOptionsSetTerminate(OrtRunOptions*)</c>: a Run using these options stops as soon as it can.</summary>
    public static void Terminate(OrtRunOptionsHandle options)
    {
        Check(((delegate* unmanaged[Cdecl]<nint, nint>)Function(OrtApiSlots.RunOptionsSetTerminate))(options.Pointer), "RunOptionsSetTerminate");
        GC.KeepAlive(options);
    }

    /// <summary>
    /// C: <c>Run(OrtSession*, const OrtRunOptions*, const char* const* input_names, const OrtValue* const* inputs,
    /// size_t, const char* const* output_names, size_t, OrtValue** outputs)</c>. Outputs are allocated by ORT and
    /// returned as owned handles. Names are pre-encoded pinned UTF-8 (<see cref="NativeNames"/>).
    /// </summary>
    public static OrtValueHandle[] Run(OrtSessionHandle session, OrtRunOptionsHandle? runOptions, NativeNames inputNames, ReadOnlySpan<OrtValueHandle> inputs, NativeNames outputNames)
    {
        var inputPointers = stackalloc nint[inputs.Length];
        for (var i = 0; i < inputs.Length; i++)
        {
            inputPointers[i] = inputs[i].Pointer;
        }

        var outputPointers = stackalloc nint[outputNames.Count];
        for (var i = 0; i < outputNames.Count; i++)
        {
            outputPointers[i] = 0;
        }

        Check(((delegate* unmanaged[Cdecl]<nint, nint, nint*, nint*, nuint, nint*, nuint, nint*, nint>)Function(OrtApiSlots.Run))(
            session.Pointer, runOptions?.Pointer ?? 0, inputNames.Pointers, inputPointers, (nuint)inputs.Length,
            outputNames.Pointers, (nuint)outputNames.Count, outputPointers), "Run");
        var outputs = new OrtValueHandle[outputNames.Count];
        for (var i = 0; i < outputs.Length; i++)
        {
            outputs[i] = new OrtValueHandle();
            outputs[i].Attach(outputPointers[i]);
        }

        GC.KeepAlive(session);
        GC.KeepAlive(runOptions);
        foreach (var input in inputs)
        {
            GC.KeepAlive(input);
        }

        return outputs;
    }
}

/// <summary>Tensor names as pinned, null-terminated UTF-8 with a pinned pointer array, built once per session.</summary>
internal sealed unsafe class NativeNames
{
    private readonly byte[][] _bytes;
    private readonly nint[] _pointers;

    public NativeNames(IReadOnlyList<string> names)
    {
        Names = names;
        _bytes = new byte[names.Count][];
        _pointers = GC.AllocateArray<nint>(names.Count, pinned: true);
        for (var i = 0; i < names.Count; i++)
        {
            _bytes[i] = GC.AllocateArray<byte>(Encoding.UTF8.GetByteCount(names[i]) + 1, pinned: true);
            Encoding.UTF8.GetBytes(names[i], _bytes[i]);
            fixed (byte* p = _bytes[i])
            {
                _pointers[i] = (nint)p; // pinned for the object's life: the address stays valid
            }
        }
    }

    public IReadOnlyList<string> Names { get; }

    public int Count => _pointers.Length;

    public nint* Pointers
    {
        get
        {
            fixed (nint* p = _pointers)
            {
                return p; // the array is pinned (POH), so the pointer outlives the fixed block
            }
        }
    }
}
