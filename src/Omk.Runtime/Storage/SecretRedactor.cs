using System.Buffers;
using System.Text.RegularExpressions;

namespace Omk.Storage;

/// <summary>
/// Replaces secrets in text with <see cref="Mask"/>: well-known token and key shapes, <c>key=value</c>
/// assignments whose key names a secret, and exact values a run declares secret.
/// </summary>
public sealed partial class SecretRedactor
{
    public const string Mask = "[REDACTED]";

    private readonly string[] _values;
    private readonly int _shortestValue;

    public SecretRedactor(IEnumerable<string>? secretValues = null)
    {
        // Very short values would redact ordinary text; a secret shorter than 4 characters is not one.
        _values = (secretValues ?? [])
            .Where(v => !string.IsNullOrWhiteSpace(v) && v.Length >= 4)
            .Distinct(StringComparer.Ordinal)
            .OrderByDescending(v => v.Length)
            .ToArray();
        _shortestValue = _values.Length == 0 ? int.MaxValue : _values[^1].Length;
    }

    /// <summary>Only pattern-based redaction, no declared values.</summary>
    public static SecretRedactor Default { get; } = new();

    public SecretRedactor WithValues(IEnumerable<string> values) => new(_values.Concat(values));

    public IReadOnlyList<string> DeclaredValues => _values;

    public string Redact(string text)
    {
        // No pattern matches fewer than 8 characters; declared values may be as short as 4.
        if (text.Length < 8 && text.Length < _shortestValue)
        {
            return text;
        }

        var result = text;
        foreach (var value in _values)
        {
            if (result.Contains(value, StringComparison.Ordinal))
            {
                result = result.Replace(value, Mask, StringComparison.Ordinal);
            }
        }

        // The regexes run only on text that has what they need to match (cheap vectorized scans; most text has not).
        if (MayHoldToken(result) && TokenShapes().IsMatch(result))
        {
            result = TokenShapes().Replace(result, m => m.Groups["keep"].Value + Mask);
        }

        if (result.AsSpan().IndexOfAny(':', '=') >= 0 && Assignment().IsMatch(result))
        {
            result = Assignment().Replace(result, m => m.Groups["prefix"].Value + Mask);
        }

        return result;
    }

    // Every token shape has one of these: '-' (sk-, rk-, xox?-, -----BEGIN), '_' (gh?_, github_pat_), AKIA, eyJ, (B|b)earer.
    private static bool MayHoldToken(string text)
    {
        var span = text.AsSpan();
        return span.IndexOfAny('-', '_') >= 0
            || span.Contains("AKIA", StringComparison.Ordinal)
            || span.Contains("eyJ", StringComparison.Ordinal)
            || span.Contains("earer", StringComparison.Ordinal);
    }

    /// <summary>
    /// Redacts the string value of a named field (a JSON property): the whole value when the name says it holds a
    /// secret (<c>password</c>, <c>api_key</c>, <c>GITHUB_TOKEN</c>, <c>client_secret</c> ...), else as text.
    /// Names ending in "tokens" are counts (<c>used_tokens</c>, <c>max_tokens</c>), not secrets.
    /// </summary>
    public string Redact(string name, string value) =>
        value.Length > 0 && value != Mask && IsSecretName(name) ? Mask : Redact(value);

    /// <summary>
    /// True when a field of this name holds a secret: a name of letters, digits, '_' and '-' that ends in api_key
    /// (apikey, api-key), secret, token, password, passwd or credential, optionally plural; case does not matter.
    /// </summary>
    public static bool IsSecretName(string name)
    {
        var n = name.AsSpan();
        if (n.IsEmpty)
        {
            return false;
        }

        var secret = EndsWithSecretWord(n)
            || (n[^1] is 's' or 'S' && !n.EndsWith("tokens", StringComparison.OrdinalIgnoreCase) && EndsWithSecretWord(n[..^1]));
        return secret && !n.ContainsAnyExcept(NameChars);

        // Called for every string field written, so it dispatches on the last letter before comparing words.
        static bool EndsWithSecretWord(ReadOnlySpan<char> n) => n.Length > 0 && (n[^1] | 0x20) switch
        {
            't' => n.EndsWith("secret", StringComparison.OrdinalIgnoreCase),
            'n' => n.EndsWith("token", StringComparison.OrdinalIgnoreCase),
            'd' => n.EndsWith("password", StringComparison.OrdinalIgnoreCase) || n.EndsWith("passwd", StringComparison.OrdinalIgnoreCase),
            'l' => n.EndsWith("credential", StringComparison.OrdinalIgnoreCase),
            'y' => n.EndsWith("apikey", StringComparison.OrdinalIgnoreCase)
                || n.EndsWith("api_key", StringComparison.OrdinalIgnoreCase)
                || n.EndsWith("api-key", StringComparison.OrdinalIgnoreCase),
            _ => false,
        };
    }

    private static readonly SearchValues<char> NameChars =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-");

    // Provider key and token shapes: OpenAI/Moonshot-style sk-, GitHub, AWS access keys, Slack, JWTs,
    // bearer credentials (the "Bearer " before them is kept), and PEM private key blocks.
    // Every branch starts with a literal, so the matcher jumps between candidate positions (no lookbehind).
    [GeneratedRegex(
        @"\b(?:sk|rk)-[A-Za-z0-9_\-]{16,}|\bgh[pousr]_[A-Za-z0-9]{30,}|\bgithub_pat_[A-Za-z0-9_]{22,}|\bAKIA[0-9A-Z]{16}\b|\bxox[abposr]-[A-Za-z0-9\-]{10,}|\beyJ[A-Za-z0-9_\-]{8,}\.[A-Za-z0-9_\-]{8,}\.[A-Za-z0-9_\-]{8,}|\b(?<keep>[Bb]earer\s+)[A-Za-z0-9._~+/\-]{16,}=*|-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)",
        RegexOptions.CultureInvariant)]
    private static partial Regex TokenShapes();

    // api_key=..., "token": "...", PASSWORD: ..., client-secret = ... The match starts at the keyword: the rest of
    // the name before it (OPENAI_API_KEY, client-secret) is kept as it is, so it need not be matched.
    [GeneratedRegex(
        @"(?<prefix>(?i:(?:api[_\-]?key|secret|token|password|passwd|credential)s?)[""']?\s*[:=]\s*[""']?)(?![\[])[^\s""',;&]{6,}",
        RegexOptions.CultureInvariant)]
    private static partial Regex Assignment();
}
