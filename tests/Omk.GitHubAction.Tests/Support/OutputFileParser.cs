namespace Omk.GitHubAction.Tests.Support;

/// <summary>Reads a <c>GITHUB_OUTPUT</c> file as the runner does: <c>name=value</c> lines and <c>name&lt;&lt;DELIMITER</c> blocks.</summary>
public static class OutputFileParser
{
    public static IReadOnlyDictionary<string, string> Parse(string text)
    {
        var outputs = new Dictionary<string, string>(StringComparer.Ordinal);
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.Length == 0)
            {
                continue;
            }

            var heredoc = line.IndexOf("<<", StringComparison.Ordinal);
            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (heredoc > 0 && (equals < 0 || heredoc < equals))
            {
                var name = line[..heredoc];
                var delimiter = line[(heredoc + 2)..];
                var value = new List<string>();
                for (i++; i < lines.Length && lines[i] != delimiter; i++)
                {
                    value.Add(lines[i]);
                }

                Assert.True(i < lines.Length, $"output '{name}': delimiter {delimiter} never closes");
                outputs[name] = string.Join('\n', value);
            }
            else
            {
                Assert.True(equals > 0, $"not an output line: {line}");
                outputs[line[..equals]] = line[(equals + 1)..];
            }
        }

        return outputs;
    }
}
