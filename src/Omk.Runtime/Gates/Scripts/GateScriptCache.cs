using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;
using Omk.Storage;

namespace Omk.Gates.Scripts;

/// <summary>
/// Compiled gate scripts, one assembly per distinct input, in the user's cache directory (never in the repository:
/// <c>$OMK_CACHE_DIR/gates</c>, else <c>$XDG_CACHE_HOME/omk/gates</c>, else <c>~/.cache/omk/gates</c>). The key is a
/// SHA-256 of every file of the scripts' <c>#load</c> closure (path and content), Omk's build (which fixes its version and
/// the F# compiler's), the gate API and FSharp.Core builds, the runtime and the compiler options, as FAKE does: any
/// change recompiles, nothing else does. Each assembly has its own SHA-256 beside it (<c>.sha256</c>), checked
/// before it is loaded: an assembly that does not match is deleted and compiled again.
/// </summary>
/// <remarks>
/// Like FAKE's <c>fake-hash-contents.txt</c>, the cache remembers the exact inputs behind the last key of each set
/// of root scripts (<c>inputs-*.bin</c>): when the inputs are byte for byte the same, the key is read back instead
/// of hashed again. Any difference (or a missing or
/// unreadable file) falls back to hashing, so the key is always the SHA-256 of the current inputs.
/// </remarks>
public sealed class GateScriptCache(string directory)
{
    private const int KeyLength = 32;

    public string Directory { get; } = Path.GetFullPath(directory);

    public const string CacheDirVariable = "OMK_CACHE_DIR";

    /// <summary>The user's gate script cache: <c>$OMK_CACHE_DIR/gates</c>, <c>$XDG_CACHE_HOME/omk/gates</c> or <c>~/.cache/omk/gates</c>.</summary>
    public static string UserDirectory(Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        if (environment(CacheDirVariable) is { Length: > 0 } omk)
        {
            return Path.Combine(Path.GetFullPath(omk), "gates");
        }

        if (environment("XDG_CACHE_HOME") is { Length: > 0 } xdg && Path.IsPathRooted(xdg))
        {
            return Path.Combine(xdg, "omk", "gates");
        }

        var home = OperatingSystem.IsWindows()
            ? Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData)
            : Path.Combine(environment("HOME") is { Length: > 0 } h ? h : Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        return Path.Combine(home, "omk", "gates");
    }

    /// <summary>
    /// Records the SHA-256 of a freshly compiled assembly (still in staging) beside the place it will be moved to;
    /// written before the assembly is moved there, so a reader never finds an assembly without its hash.
    /// </summary>
    public static void Seal(string stagedAssembly, string assemblyPath) =>
        Storage.AtomicFile.WriteAllText(assemblyPath + ".sha256", ManagedSha256.HashHex(File.ReadAllBytes(stagedAssembly)) + "\n", durable: false);

    /// <summary>
    /// The bytes of a cached assembly whose SHA-256 matches the one recorded when it was compiled; null (after deleting
    /// it) when it is missing, unsealed or altered. Only bytes that passed this check are ever loaded.
    /// </summary>
    public static byte[]? ReadVerified(string assemblyPath)
    {
        byte[] bytes;
        string expected;
        try
        {
            bytes = File.ReadAllBytes(assemblyPath);
            expected = File.ReadAllText(assemblyPath + ".sha256").Trim();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null; // not compiled yet (or being compiled by another process)
        }

        if (string.Equals(ManagedSha256.HashHex(bytes), expected, StringComparison.OrdinalIgnoreCase))
        {
            return bytes;
        }

        foreach (var file in new[] { assemblyPath, assemblyPath + ".sha256", Path.ChangeExtension(assemblyPath, ".pdb") })
        {
            try
            {
                File.Delete(file);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Compiling again overwrites it.
            }
        }

        return null;
    }

    public string AssemblyPath(string key) => Path.Combine(Directory, $"gates-{key}.dll");

    /// <summary>The cache key of the given root scripts and their closure.</summary>
    public static string Key(IReadOnlyList<string> scripts, IReadOnlyList<string> closure) => Hash(Inputs(scripts, closure));

    /// <summary>
    /// The same key as <see cref="Key"/>, read back from the remembered inputs when they have not changed;
    /// <paramref name="inputs"/> is what <see cref="Remember"/> needs once the assembly exists, and
    /// <paramref name="remembered"/> says whether the key was read back (then there is nothing to remember).
    /// </summary>
    public string KeyOf(IReadOnlyList<string> scripts, IReadOnlyList<string> closure, out byte[] inputs, out bool remembered)
    {
        inputs = Inputs(scripts, closure);
        remembered = false;
        try
        {
            var saved = File.ReadAllBytes(InputsPath(scripts));
            if (saved.Length == KeyLength + inputs.Length && saved.AsSpan(KeyLength).SequenceEqual(inputs))
            {
                var key = Encoding.ASCII.GetString(saved, 0, KeyLength);
                if (key.All(char.IsAsciiHexDigitLower))
                {
                    remembered = true;
                    return key;
                }
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        return Hash(inputs);
    }

    /// <summary>Remembers that <paramref name="inputs"/> have <paramref name="key"/> (best effort: the cache works without it).</summary>
    public void Remember(IReadOnlyList<string> scripts, string key, byte[] inputs)
    {
        var contents = new byte[KeyLength + inputs.Length];
        Encoding.ASCII.GetBytes(key, contents);
        inputs.CopyTo(contents, KeyLength);
        try
        {
            Storage.AtomicFile.WriteAllBytes(InputsPath(scripts), contents, durable: false);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    // One file per set of root scripts (e.g. per --gates-dir), named by a cheap hash of their paths: a collision
    // only means the inputs differ, and the key is hashed again.
    private string InputsPath(IReadOnlyList<string> scripts)
    {
        var name = 14695981039346656037UL; // FNV-1a, 64 bits
        foreach (var c in string.Join('\n', scripts.Select(Path.GetFullPath)))
        {
            name = (name ^ c) * 1099511628211UL;
        }

        return Path.Combine(Directory, $"inputs-{name:x16}.bin");
    }

    private static string Hash(byte[] inputs) => ManagedSha256.HashHex(inputs)[..KeyLength];

    // Everything the compiled assembly depends on, in a fixed order, each part ended by a 0 byte.
    private static byte[] Inputs(IReadOnlyList<string> scripts, IReadOnlyList<string> closure)
    {
        using var buffer = new MemoryStream();
        void Add(string text)
        {
            buffer.Write(Encoding.UTF8.GetBytes(text));
            buffer.WriteByte(0);
        }

        Add("omk-gate-scripts/3");
        Add(GateScriptCompilerOptions.Fingerprint);
        // Omk's build, and so its version and the F# compiler it references: the module version id of a deterministic
        // build is a hash of the assembly's content (no reflection over attributes or references: a warm start pays for it).
        Add(ModuleVersion(typeof(ScriptClosure).Assembly));
        Add(ModuleVersion(typeof(Omk.Gates.GateDeclaration).Assembly));
        Add(ModuleVersion(typeof(Microsoft.FSharp.Core.FSharpOption<>).Assembly));
        Add(RuntimeInformation.FrameworkDescription);
        Add(RuntimeEnvironment.GetRuntimeDirectory());
        // Shareable scripts are keyed by where their files are in the gates folder, so every copy of it has one key.
        var folder = GateScriptLocation.FolderOf(scripts);
        var shareable = GateScriptLocation.IsShareable(folder, closure);
        string Where(string file) => shareable ? Path.GetRelativePath(folder, file).Replace('\\', '/') : file;
        Add(shareable ? "shareable" : "at:" + folder);
        foreach (var script in scripts)
        {
            Add("root:" + Where(Path.GetFullPath(script)));
        }

        foreach (var file in closure)
        {
            Add("file:" + Where(file));
            if (File.Exists(file))
            {
                buffer.Write(File.ReadAllBytes(file));
            }
            else
            {
                Add("<missing>");
            }

            buffer.WriteByte(0);
        }

        return buffer.ToArray();
    }

    private static string ModuleVersion(Assembly assembly) => assembly.GetName().Name + "/" + LowerHex.Of(assembly.ManifestModule.ModuleVersionId.ToByteArray());
}
