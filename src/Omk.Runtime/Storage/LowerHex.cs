namespace Omk.Storage;

/// <summary>
/// Bytes as lowercase hexadecimal text, in plain code: <c>Convert.ToHexString</c> (and formatting a <c>Guid</c>) use
/// vector instructions that ReadyToRun code leaves to the JIT, which a warm start pays for.
/// </summary>
public static class LowerHex
{
    public static string Of(ReadOnlySpan<byte> bytes)
    {
        const string Digits = "0123456789abcdef";
        var text = new char[bytes.Length * 2];
        for (var i = 0; i < bytes.Length; i++)
        {
            text[2 * i] = Digits[bytes[i] >> 4];
            text[(2 * i) + 1] = Digits[bytes[i] & 0xf];
        }

        return new string(text);
    }
}
