using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Omk.Agents;

/// <summary>
/// The node version an npm-installed agent needs: the <c>engines.node</c> of the package its executable belongs to
/// (found by following the executable's links up to its <c>package.json</c>), else the Kimi Code CLI's known minimum.
/// </summary>
public static partial class NodeRequirement
{
    public static Version KimiCodeMinimum { get; } = new(22, 19, 0);

    /// <summary>The minimum version and where it was read from (a package.json, or "the Kimi Code CLI's minimum").</summary>
    public static (Version Minimum, string From) For(string? executable)
    {
        var located = executable is null
            ? null
            : Processes.ProgramLocator.Locate(executable, Directory.GetCurrentDirectory(), Environment.GetEnvironmentVariable("PATH"), out _);
        if (located is not null && PackageJsonOf(located) is { } packageJson)
        {
            try
            {
                using var document = JsonDocument.Parse(File.ReadAllBytes(packageJson));
                if (document.RootElement.TryGetProperty("engines", out var engines)
                    && engines.TryGetProperty("node", out var node)
                    && node.GetString() is { } range
                    && Parse(range) is { } minimum)
                {
                    return (minimum, packageJson);
                }
            }
            catch (Exception ex) when (ex is IOException or JsonException or UnauthorizedAccessException or InvalidOperationException)
            {
            }
        }

        return (KimiCodeMinimum, "the Kimi Code CLI's minimum");
    }

    /// <summary>The first version in <c>node -v</c> output or an engines range (<c>&gt;=22.19.0</c>); null when none.</summary>
    public static Version? Parse(string text)
    {
        var match = Number().Match(text);
        if (!match.Success)
        {
            return null;
        }

        int Part(int i) => match.Groups[i].Success ? int.Parse(match.Groups[i].Value, CultureInfo.InvariantCulture) : 0;
        return new Version(Part(1), Part(2), Part(3));
    }

    private static string? PackageJsonOf(string executable)
    {
        try
        {
            var file = new FileInfo(executable);
            var target = file.LinkTarget is null ? file.FullName : file.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? file.FullName;
            for (var directory = Path.GetDirectoryName(target); directory is not null; directory = Path.GetDirectoryName(directory))
            {
                var candidate = Path.Combine(directory, "package.json");
                if (File.Exists(candidate))
                {
                    return candidate;
                }

                if (Path.GetFileName(directory) == "node_modules")
                {
                    return null;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
        }

        return null;
    }

    [GeneratedRegex(@"(\d+)(?:\.(\d+))?(?:\.(\d+))?")]
    private static partial Regex Number();
}
