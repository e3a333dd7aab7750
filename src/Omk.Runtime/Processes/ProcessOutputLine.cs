namespace Omk.Processes;

/// <summary>
/// One line of output as it arrives, for live views (<see cref="ProcessSpec.OnOutput"/>). The text has no
/// line terminator. A line longer than 64 KiB arrives in 64 KiB pieces.
/// </summary>
/// <param name="Stream">The stream the line came from.</param>
/// <param name="Text">The line, decoded as UTF-8.</param>
public sealed record ProcessOutputLine(ProcessOutputStream Stream, string Text);
