using System.Text;

namespace Omk.Storage;

public sealed partial class SecretRedactor
{

    private byte[][]? _utf8Values;

    /// <summary>
    /// False when <see cref="Redact(string)"/> would certainly leave this UTF-8 text unchanged: none of the bytes a
    /// pattern needs, no bearer credential and no declared value. Lets a log writer skip decoding plain output (a
    /// gate printing a gigabyte of it), without weakening anything: when in doubt it says true.
    /// </summary>
    public bool MayNeedRedaction(ReadOnlySpan<byte> utf8)
    {
        // Bytes every pattern needs one of: '-' and '_' (token shapes), ':', '=' and '%' (assignments, URLs). Five values
        // searched directly: no SearchValues built at the start of every run.
        if (utf8.IndexOfAny("-_:=%"u8) >= 0
            || utf8.IndexOf("AKIA"u8) >= 0
            || utf8.IndexOf("eyJ"u8) >= 0
            || HoldsBearer(utf8))
        {
            return true;
        }

        foreach (var value in _utf8Values ??= _values.Select(v => Encoding.UTF8.GetBytes(v)).ToArray())
        {
            if (utf8.IndexOf(value) >= 0)
            {
                return true;
            }
        }

        return false;
    }

    private static bool HoldsBearer(ReadOnlySpan<byte> utf8)
    {
        for (var at = utf8.IndexOfAny((byte)'b', (byte)'B'); at >= 0 && at + 6 <= utf8.Length;)
        {
            if (Ascii.EqualsIgnoreCase(utf8.Slice(at, 6), "bearer"u8))
            {
                return true;
            }

            var next = utf8[(at + 1)..].IndexOfAny((byte)'b', (byte)'B');
            at = next < 0 ? -1 : at + 1 + next;
        }

        return false;
    }
}
