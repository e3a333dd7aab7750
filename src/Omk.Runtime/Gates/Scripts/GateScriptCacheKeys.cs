using System.Runtime.InteropServices;

namespace Omk.Gates.Scripts;

/// <summary>
/// What a CI cache of compiled gate scripts is keyed and stored by: the key omk itself gives the compiled scripts of a
/// folder (a hash of their whole <c>#load</c> closure, Omk's build, the compiler options and the runtime), and the user
/// cache directory they live in (<c>$OMK_CACHE_DIR</c>, else <c>$XDG_CACHE_HOME/omk</c>, else <c>~/.cache/omk</c>).
/// Cheap: the scripts are read and hashed, never compiled.
/// </summary>
public static class GateScriptCacheKeys
{
    public const string CacheDirectoryVariable = "OMK_CACHE_DIR";

    /// <summary>The key of the compiled scripts of the gates folder of <paramref name="repoRoot"/>, or null when it has no scripts.</summary>
    public static string? ForFolder(string repoRoot, string? gatesDirectory)
    {
        var folder = GateScriptFolder.Find(repoRoot, gatesDirectory);
        return folder is null ? null : GateScriptCache.Key(folder.Scripts, ScriptClosure.Resolve(folder.Scripts));
    }

    /// <summary>The folder of compiled gate scripts in the user's cache directory.</summary>
    public static string UserCacheDirectory(Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var root = NonEmpty(environment(CacheDirectoryVariable))
            ?? (NonEmpty(environment("XDG_CACHE_HOME")) is { } xdg ? Path.Combine(xdg, "omk") : null)
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "omk");
        return Path.Combine(Path.GetFullPath(root), "gates");
    }

    /// <summary>The name of this OS and CPU as a cache key part (compiled scripts are not shared across them).</summary>
    public static string Platform => $"{(OperatingSystem.IsWindows() ? "Windows" : OperatingSystem.IsMacOS() ? "macOS" : "Linux")}-{RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant()}";

    private static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
