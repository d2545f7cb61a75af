namespace Inference.Api.Admission;

/// <summary>Bounded admission in front of the generators (section <c>Admission</c>).</summary>
public sealed class AdmissionOptions
{
    /// <summary>Requests generating at once (the engine batches their decode steps).</summary>
    public int MaxConcurrent { get; set; } = 8;

    /// <summary>Requests allowed to wait for a slot; one more is refused with 429.</summary>
    public int MaxQueued { get; set; } = 64;

    /// <summary>The <c>Retry-After</c> given with a 429, in seconds.</summary>
    public int RetryAfterSeconds { get; set; } = 1;
}
