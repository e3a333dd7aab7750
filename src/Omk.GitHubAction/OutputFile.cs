using System.Text;

namespace Omk.GitHubAction;

/// <summary>
/// Appends step outputs to <c>$GITHUB_OUTPUT</c>, each as <c>name&lt;&lt;DELIMITER … DELIMITER</c> with a random delimiter
/// (as the Actions toolkit does), so that any value, multi-line included, reads back exactly.
/// </summary>
public static class OutputFile
{
    public static void Append(string? path, IEnumerable<KeyValuePair<string, string>> outputs)
    {
        if (path is null)
        {
            return;
        }

        var text = new StringBuilder();
        foreach (var (name, value) in outputs)
        {
            string delimiter;
            do
            {
                delimiter = "ghadelimiter_" + Guid.NewGuid().ToString("N");
            }
            while (value.Contains(delimiter, StringComparison.Ordinal));

            text.Append(name).Append("<<").Append(delimiter).Append('\n').Append(value).Append('\n').Append(delimiter).Append('\n');
        }

        File.AppendAllText(path, text.ToString(), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
    }
}
