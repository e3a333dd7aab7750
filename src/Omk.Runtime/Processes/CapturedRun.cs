namespace Omk.Processes;

/// <summary>What a <see cref="SpawnedCapture"/> ends with: the exit code and the whole output, or <see cref="Stopped"/>.</summary>
/// <param name="ExitCode">The child's exit code (128 + the signal when a signal ended it); -1 when it could not be collected.</param>
/// <param name="Output">Everything the child wrote to its standard output.</param>
/// <param name="Errors">Everything the child wrote to its standard error.</param>
/// <param name="Stopped">The stop token fired before the child exited: its tree was killed, the output is partial.</param>
internal sealed record CapturedRun(int ExitCode, byte[] Output, byte[] Errors, bool Stopped);
