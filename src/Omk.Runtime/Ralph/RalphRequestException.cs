namespace Omk.Ralph;

/// <summary>A ralph request that cannot run (nothing to judge it, an empty prompt, no rounds); nothing was started.</summary>
public sealed class RalphRequestException(string message) : Exception(message);
