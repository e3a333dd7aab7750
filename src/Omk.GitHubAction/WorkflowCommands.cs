using System.Text;

namespace Omk.GitHubAction;

/// <summary>
/// Workflow commands on the step's output (<c>::error file=…,line=…,title=…::message</c>, <c>::add-mask::</c>,
/// groups), escaped as the Actions toolkit does, so text from gates can never become a command of its own.
/// </summary>
public sealed class WorkflowCommands(TextWriter output)
{
    public TextWriter Output { get; } = output;

    public void Line(string text) => Output.WriteLine(text);

    /// <summary>Masks a secret in every later line of the log. The only line that ever carries the secret.</summary>
    public void AddMask(string secret) => Output.WriteLine($"::add-mask::{EscapeData(secret)}");

    public void Error(string message, string? title = null, string? file = null, int? line = null) => Annotation("error", message, title, file, line);

    public void Warning(string message, string? title = null, string? file = null, int? line = null) => Annotation("warning", message, title, file, line);

    public void Notice(string message, string? title = null, string? file = null, int? line = null) => Annotation("notice", message, title, file, line);

    public void Annotation(string kind, string message, string? title = null, string? file = null, int? line = null, int? column = null)
    {
        var properties = new List<string>();
        if (file is not null)
        {
            properties.Add("file=" + EscapeProperty(file));
        }

        if (line is { } l)
        {
            properties.Add("line=" + l.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        if (column is { } c && line is not null)
        {
            properties.Add("col=" + c.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        if (title is not null)
        {
            properties.Add("title=" + EscapeProperty(title));
        }

        Output.WriteLine($"::{kind}{(properties.Count == 0 ? string.Empty : " " + string.Join(',', properties))}::{EscapeData(message)}");
    }

    /// <summary>Prints text that must not be read as workflow commands (a gate's log), between stop-commands markers.</summary>
    public void Verbatim(string title, IEnumerable<string> lines)
    {
        var token = "omk-" + Guid.NewGuid().ToString("N");
        Output.WriteLine($"::group::{EscapeData(title)}");
        Output.WriteLine($"::stop-commands::{token}");
        foreach (var line in lines)
        {
            Output.WriteLine(line);
        }

        Output.WriteLine($"::{token}::");
        Output.WriteLine("::endgroup::");
    }

    public static string EscapeData(string text) =>
        new StringBuilder(text).Replace("%", "%25").Replace("\r", "%0D").Replace("\n", "%0A").ToString();

    public static string EscapeProperty(string text) =>
        new StringBuilder(EscapeData(text)).Replace(":", "%3A").Replace(",", "%2C").ToString();
}
