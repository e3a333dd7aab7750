namespace Omk.Events.Payloads;

/// <summary><c>file_changed</c>: <c>operation</c> is <c>created</c>, <c>modified</c> or <c>deleted</c>.</summary>
public sealed record FileChangedPayload(string Path, string Operation)
{
    public const string Created = "created";
    public const string Modified = "modified";
    public const string Deleted = "deleted";
}
