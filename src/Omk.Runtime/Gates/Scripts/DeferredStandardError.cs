using System.Text;

namespace Omk.Gates.Scripts;

/// <summary>
/// Standard error, opened on the first write: what gate scripts print while declaring goes to stderr, and most print
/// nothing, so a warm start does not pay for setting up the error stream it never uses.
/// </summary>
internal sealed class DeferredStandardError : TextWriter
{
    private TextWriter? _error;

    private TextWriter Error => _error ??= Console.Error;

    public override Encoding Encoding => Error.Encoding;

    public override void Write(char value) => Error.Write(value);

    public override void Write(string? value) => Error.Write(value);

    public override void Write(char[] buffer, int index, int count) => Error.Write(buffer, index, count);

    public override void Write(ReadOnlySpan<char> buffer) => Error.Write(buffer);

    public override void WriteLine() => Error.WriteLine();

    public override void WriteLine(string? value) => Error.WriteLine(value);

    public override void WriteLine(ReadOnlySpan<char> buffer) => Error.WriteLine(buffer);

    public override void Flush() => _error?.Flush();
}
