using System.Text;

namespace Omk.Gates;

/// <summary>
/// Splits a command string into program and arguments the way a POSIX shell would quote them
/// (whitespace, '…', "…", backslash), without running a shell. Unquoted shell operators are reported,
/// since without a shell they would be passed as plain arguments.
/// </summary>
public static class CommandTokenizer
{
    private static readonly string[] Operators = ["&&", "||", "|", ";", ">>", ">", "<", "&", "$(", "`"];

    /// <summary>The tokens, or an error message.</summary>
    public static (IReadOnlyList<string> Tokens, string? Error) Split(string command)
    {
        var tokens = new List<string>();
        var current = new StringBuilder();
        var inToken = false;
        string? shellOperator = null;
        for (var i = 0; i < command.Length; i++)
        {
            var c = command[i];
            if (char.IsWhiteSpace(c))
            {
                if (inToken)
                {
                    tokens.Add(current.ToString());
                    current.Clear();
                    inToken = false;
                }

                continue;
            }

            inToken = true;
            if (c == '\'')
            {
                var end = command.IndexOf('\'', i + 1);
                if (end < 0)
                {
                    return ([], "unbalanced single quote");
                }

                current.Append(command, i + 1, end - i - 1);
                i = end;
            }
            else if (c == '"')
            {
                var closed = false;
                for (i++; i < command.Length; i++)
                {
                    var d = command[i];
                    if (d == '"')
                    {
                        closed = true;
                        break;
                    }

                    if (d == '\\' && i + 1 < command.Length && command[i + 1] is '"' or '\\' or '$' or '`')
                    {
                        i++;
                        d = command[i];
                    }
                    else if (d is '$' or '`')
                    {
                        shellOperator ??= d.ToString();
                    }

                    current.Append(d);
                }

                if (!closed)
                {
                    return ([], "unbalanced double quote");
                }
            }
            else if (c == '\\')
            {
                if (i + 1 < command.Length)
                {
                    i++;
                    current.Append(command[i]);
                }
            }
            else
            {
                var op = Operators.FirstOrDefault(o => string.CompareOrdinal(command, i, o, 0, o.Length) == 0);
                if (op is not null || c == '$' && i + 1 < command.Length && (char.IsAsciiLetter(command[i + 1]) || command[i + 1] is '_' or '{'))
                {
                    shellOperator ??= op ?? "$";
                }

                current.Append(c);
            }
        }

        if (inToken)
        {
            tokens.Add(current.ToString());
        }

        if (shellOperator is not null)
        {
            return ([], $"it uses the shell syntax '{shellOperator}' but runs without a shell");
        }

        return tokens.Count == 0 ? ([], "the command is empty") : (tokens, null);
    }
}
