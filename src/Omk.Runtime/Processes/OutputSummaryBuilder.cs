using System.Text;

namespace Omk.Processes;

/// <summary>
/// Computes <see cref="OutputSummary"/> over text that arrives in pieces, in bounded memory: it keeps at
/// most <see cref="OutputSummary.MaxLines"/> short lines and stops looking once it knows the answer.
/// </summary>
internal sealed class OutputSummaryBuilder
{
    private readonly List<string> _lines = new(OutputSummary.MaxLines);
    private readonly StringBuilder _current = new();
    private int _currentScalars;
    private bool _currentStarted;   // a non-whitespace character was seen on the current line
    private bool _currentCut;       // a non-whitespace character lies beyond the kept prefix
    private bool _lastKept;         // the previous char was kept (so its low surrogate is kept too)
    private bool _more;

    /// <summary>True once further text cannot change the summary.</summary>
    public bool IsComplete => _more;

    public void Append(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (_more)
            {
                return;
            }

            Accept(c);
        }
    }

    /// <summary>The summary of everything appended; the text so far counts as ending here.</summary>
    public string Build()
    {
        var lines = new List<string>(_lines);
        if (!_more && _currentStarted)
        {
            lines.Add(CurrentLine());
        }

        if (_more)
        {
            lines.Add(OutputSummary.Ellipsis);
        }

        return string.Join('\n', lines);
    }

    private void Accept(char c)
    {
        if (c == '\n')
        {
            EndLine();
            return;
        }

        if (!_currentStarted)
        {
            if (char.IsWhiteSpace(c))
            {
                return;
            }

            if (_lines.Count == OutputSummary.MaxLines)
            {
                _more = true;
                return;
            }

            _currentStarted = true;
        }

        if (char.IsLowSurrogate(c))
        {
            if (_lastKept)
            {
                _current.Append(c);
            }
            else
            {
                _currentCut = true;
            }

            return;
        }

        if (_currentScalars < OutputSummary.MaxLineLength)
        {
            _current.Append(c);
            _currentScalars++;
            _lastKept = true;
        }
        else
        {
            _lastKept = false;
            if (!char.IsWhiteSpace(c))
            {
                _currentCut = true;
            }
        }
    }

    private void EndLine()
    {
        if (_currentStarted)
        {
            _lines.Add(CurrentLine());
        }

        _current.Clear();
        _currentScalars = 0;
        _currentStarted = false;
        _currentCut = false;
        _lastKept = false;
    }

    private string CurrentLine() =>
        _currentCut ? _current + OutputSummary.Ellipsis : _current.ToString().TrimEnd();
}
