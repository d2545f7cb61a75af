namespace ServiceDefaults.Redis;

/// <summary>
/// How far <see cref="RespParser"/> has checked a top-level aggregate that is still arriving: <see cref="Verified"/>
/// bytes from the buffer's start hold its header and complete elements, <see cref="Remaining"/> elements are left.
/// Valid only while the buffer's start does not move (the read loop consumes nothing until a value is complete).
/// </summary>
internal readonly record struct RespProbe(long Verified, long Remaining);
