namespace Omk.Processes;

/// <summary>
/// The changes that take every credential a CI runner hands its steps out of a child's environment (for
/// <see cref="ProcessSpec.Environment"/>): GitHub tokens by name (<c>GITHUB_TOKEN</c>, <c>GH_TOKEN</c>, the action's
/// <c>OMK_GITHUB_TOKEN</c>, the runner's <c>ACTIONS_*</c> tokens and URLs), every action input (<c>INPUT_*</c>), any
/// variable whose name says GitHub and token, and any variable whose value is a GitHub token whatever its name.
/// What an agent needs of its own (its API key) stays.
/// </summary>
public static class CredentialFreeEnvironment
{
    private static readonly HashSet<string> Named = new(StringComparer.OrdinalIgnoreCase)
    {
        "GITHUB_TOKEN", "GH_TOKEN", "GH_ENTERPRISE_TOKEN", "GITHUB_ENTERPRISE_TOKEN", "OMK_GITHUB_TOKEN",
        "ACTIONS_RUNTIME_TOKEN", "ACTIONS_RUNTIME_URL", "ACTIONS_ID_TOKEN_REQUEST_TOKEN", "ACTIONS_ID_TOKEN_REQUEST_URL",
        "ACTIONS_RESULTS_URL", "ACTIONS_CACHE_URL",
    };

    private static readonly string[] TokenPrefixes = ["ghp_", "ghs_", "gho_", "ghu_", "ghr_", "github_pat_"];

    /// <summary>Every variable of <paramref name="variables"/> that must not reach the child, mapped to null (removed).</summary>
    public static IReadOnlyDictionary<string, string?> Removals(IEnumerable<KeyValuePair<string, string>> variables)
    {
        ArgumentNullException.ThrowIfNull(variables);
        var removed = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (name, value) in variables)
        {
            if (IsCredential(name, value))
            {
                removed[name] = null;
            }
        }

        return removed;
    }

    public static bool IsCredential(string name, string? value)
    {
        ArgumentNullException.ThrowIfNull(name);
        return Named.Contains(name)
            || name.StartsWith("INPUT_", StringComparison.OrdinalIgnoreCase)
            || (name.Contains("GITHUB", StringComparison.OrdinalIgnoreCase)
                && name.Split('_').Any(part => part.Equals("TOKEN", StringComparison.OrdinalIgnoreCase) || part.Equals("PAT", StringComparison.OrdinalIgnoreCase)))
            || (value is not null && TokenPrefixes.Any(p => value.Trim().StartsWith(p, StringComparison.Ordinal)));
    }

    /// <summary>The removals for this process's own environment and the given one together.</summary>
    public static IReadOnlyDictionary<string, string?> RemovalsFor(IReadOnlyDictionary<string, string> given)
    {
        ArgumentNullException.ThrowIfNull(given);
        var own = new List<KeyValuePair<string, string>>();
        foreach (System.Collections.DictionaryEntry e in System.Environment.GetEnvironmentVariables())
        {
            own.Add(new((string)e.Key, e.Value as string ?? string.Empty));
        }

        var all = new Dictionary<string, string?>(Removals(own), StringComparer.Ordinal);
        foreach (var (name, value) in Removals(given))
        {
            all[name] = value;
        }

        return all;
    }
}
