namespace ServiceDefaults.Events;

/// <summary>User feedback on a completed request (<c>POST /v1/feedback</c>).</summary>
public sealed record FeedbackReceived : TelemetryEvent
{
    /// <summary>The request the feedback is about (may be unknown to the service).</summary>
    public required string RequestId { get; init; }

    /// <summary>+1 or −1.</summary>
    public required int Score { get; init; }

    /// <summary>Length of the comment in characters; the comment text itself is not carried.</summary>
    public int CommentChars { get; init; }

    /// <summary>The model that served the request, when the service recognised the id (joins feedback to models).</summary>
    public string? Model { get; init; }

    /// <summary>True when the service did not recognise the request id when the feedback arrived.</summary>
    public bool UnknownRequest { get; init; }
}
