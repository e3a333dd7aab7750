using System.Text;

namespace Omk.Processes;

/// <summary>Renders arguments as a POSIX shell would need them quoted, for display only.</summary>
internal static class CommandLineQuoting
{
    public static string Join(string program, IEnumerable<string> arguments)
    {
        var builder = new StringBuilder(Quote(program));
        foreach (var argument in arguments)
        {
            builder.Append(' ').Append(Quote(argument));
        }

        return builder.ToString();
    }

    /// <summary>The argument unchanged when it is made only of safe characters, otherwise in single quotes.</summary>
    public static string Quote(string argument)
    {
        if (argument.Length == 0)
        {
            return "''";
        }

        foreach (var c in argument)
        {
            if (!IsSafe(c))
            {
                return "'" + argument.Replace("'", @"'\''", StringComparison.Ordinal) + "'";
            }
        }

        return argument;
    }

    private static bool IsSafe(char c) =>
        c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9')
            or '_' or '-' or '.' or '/' or ':' or ',' or '+' or '=' or '@' or '%';
}
