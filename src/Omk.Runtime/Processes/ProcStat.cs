namespace Omk.Processes;

/// <summary>The fields of <c>/proc/PID/stat</c> that tree killing needs.</summary>
/// <param name="State">The state letter (<c>R</c>, <c>S</c>, <c>Z</c> for a zombie ...).</param>
/// <param name="ParentId">The parent pid.</param>
/// <param name="GroupId">The process group id.</param>
/// <param name="SessionId">The session id.</param>
internal sealed record ProcStat(char State, int ParentId, int GroupId, int SessionId);
