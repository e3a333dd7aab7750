using System.Runtime.InteropServices;

namespace Omk.Gates.Scripts;

/// <summary>
/// What a CI cache of compiled gate scripts is keyed by: the key omk itself gives the compiled scripts of a folder (a
/// hash of their whole <c>#load</c> closure, Omk's build, the compiler options and the runtime), and the platform. They
/// are stored in <see cref="GateScriptCache.UserDirectory"/>. Cheap: the scripts are read and hashed, never compiled.
/// </summary>
public static class GateScriptCacheKeys
{
    /// <summary>The key of the compiled scripts of the gates folder of <paramref name="repoRoot"/>, or null when it has no scripts.</summary>
    public static string? ForFolder(string repoRoot, string? gatesDirectory)
    {
        var folder = GateScriptFolder.Find(repoRoot, gatesDirectory);
        return folder is null ? null : GateScriptCache.Key(folder.Scripts, ScriptClosure.Resolve(folder.Scripts));
    }

    /// <summary>The name of this OS and CPU as a cache key part (compiled scripts are not shared across them).</summary>
    public static string Platform => $"{(OperatingSystem.IsWindows() ? "Windows" : OperatingSystem.IsMacOS() ? "macOS" : "Linux")}-{RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant()}";
}
