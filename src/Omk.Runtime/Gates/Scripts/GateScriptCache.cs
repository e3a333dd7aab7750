using System.Reflection;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace Omk.Gates.Scripts;

/// <summary>
/// Compiled gate scripts, one assembly per distinct input, under <c>&lt;state&gt;/cache/gates/</c>. The key is a
/// SHA-256 of every file of the scripts' <c>#load</c> closure (path and content), the gate API and FSharp.Core
/// builds, the runtime and the compiler options, as FAKE does: any change recompiles, nothing else does.
/// </summary>
public sealed class GateScriptCache(string directory)
{
    public string Directory { get; } = Path.GetFullPath(directory);

    public static string DirectoryUnder(string stateRoot) => Path.Combine(stateRoot, "cache", "gates");

    public string AssemblyPath(string key) => Path.Combine(Directory, $"gates-{key}.dll");

    /// <summary>The cache key of the given root scripts and their closure.</summary>
    public static string Key(IReadOnlyList<string> scripts, IReadOnlyList<string> closure)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        void Add(string text)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(text));
            hash.AppendData([0]);
        }

        Add("omk-gate-scripts/1");
        Add(GateScriptCompilerOptions.Fingerprint);
        Add(ModuleVersion(typeof(Omk.Gates.GateDeclaration).Assembly));
        Add(ModuleVersion(typeof(Microsoft.FSharp.Core.FSharpOption<>).Assembly));
        Add(ModuleVersion(typeof(ScriptClosure).Assembly));
        Add(RuntimeInformation.FrameworkDescription);
        Add(RuntimeEnvironment.GetRuntimeDirectory());
        foreach (var script in scripts)
        {
            Add("root:" + Path.GetFullPath(script));
        }

        foreach (var file in closure)
        {
            Add("file:" + file);
            if (File.Exists(file))
            {
                hash.AppendData(File.ReadAllBytes(file));
            }
            else
            {
                Add("<missing>");
            }

            hash.AppendData([0]);
        }

        return Convert.ToHexString(hash.GetHashAndReset())[..32].ToLowerInvariant();
    }

    private static string ModuleVersion(Assembly assembly) => assembly.GetName().FullName + "/" + assembly.ManifestModule.ModuleVersionId;
}
