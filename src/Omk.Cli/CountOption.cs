using System.CommandLine;
using System.Globalization;

namespace Omk.Cli;

/// <summary>
/// A count option (<c>omk proof --parallel N</c>, <c>--retries N</c>): an int option declared as text and converted as
/// System.CommandLine converts an int (the same parse, the same error, reported by the parser, the same help), because
/// its generic code over int is code that ReadyToRun leaves to the JIT on every run.
/// </summary>
public static class CountOption
{
    public static Option<string?> Create(string name, string description, string? defaultValue = null)
    {
        var option = new Option<string?>(name) { Description = description, HelpName = "N" };
        if (defaultValue is not null)
        {
            option.DefaultValueFactory = _ => defaultValue;
        }

        option.Validators.Add(result =>
        {
            if (result.Tokens is [.., var token] && !IsCount(token.Value))
            {
                result.AddError($"Cannot parse argument '{token.Value}' for option '{name}' as expected type 'System.Int32'.");
            }
        });
        return option;
    }

    /// <summary>Whether <paramref name="text"/> converts as System.CommandLine converts an int.</summary>
    public static bool IsCount(string text) => int.TryParse(text, NumberStyles.Integer, NumberFormatInfo.CurrentInfo, out _);

    /// <summary>The value of a parsed count option (<see cref="Create"/>'s validator has checked it); 0 when not given and without a default.</summary>
    public static int Value(string? text) => text is null ? 0 : int.Parse(text, NumberStyles.Integer, NumberFormatInfo.CurrentInfo);
}
