using System.Collections;

namespace Omk.Processes;

/// <summary>
/// The environment a child started by <see cref="PosixSpawner"/> gets, built the way <see cref="System.Diagnostics.ProcessStartInfo.Environment"/>
/// builds it: this process's environment as .NET sees it (<see cref="Environment.SetEnvironmentVariable(string, string)"/>
/// included), then the changes (a value sets, null removes).
/// </summary>
internal static class ChildEnvironment
{
    public static Dictionary<string, string> Build(IEnumerable<KeyValuePair<string, string?>> changes)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            variables[(string)entry.Key] = entry.Value as string ?? "";
        }

        foreach (var (name, value) in changes)
        {
            if (value is null)
            {
                variables.Remove(name);
            }
            else
            {
                variables[name] = value;
            }
        }

        return variables;
    }

    /// <summary>The <c>NAME=value</c> strings of an <c>envp</c>.</summary>
    public static List<string> Entries(Dictionary<string, string> variables)
    {
        var entries = new List<string>(variables.Count);
        foreach (var (name, value) in variables)
        {
            entries.Add(name + "=" + value);
        }

        return entries;
    }
}
