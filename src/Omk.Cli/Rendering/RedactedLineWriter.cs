using System.Text;
using Omk.Storage;

namespace Omk.Cli.Rendering;

/// <summary>
/// Streams text that arrives in pieces (an agent's reply) to a writer one complete line at a time, each line
/// redacted first, so a secret split across pieces is still caught before it reaches the console.
/// </summary>
public sealed class RedactedLineWriter(TextWriter output, SecretRedactor redactor)
{
    private readonly StringBuilder _pending = new();
    private readonly object _lock = new();

    public void Write(string text)
    {
        lock (_lock)
        {
            _pending.Append(text);
            var content = _pending.ToString();
            var end = content.LastIndexOf('\n');
            if (end < 0)
            {
                return;
            }

            output.Write(DisplayText.Strip(redactor.Redact(content[..(end + 1)])));
            output.Flush();
            _pending.Clear().Append(content, end + 1, content.Length - end - 1);
        }
    }

    /// <summary>Writes what is left (the last, unterminated line).</summary>
    public void Flush()
    {
        lock (_lock)
        {
            if (_pending.Length > 0)
            {
                output.Write(DisplayText.Strip(redactor.Redact(_pending.ToString())));
                _pending.Clear();
            }

            output.Flush();
        }
    }
}
