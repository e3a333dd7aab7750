using System.Reflection;
using System.Text;
using Omk.Gates;

namespace Omk.GateCache;

/// <summary>
/// A gate's input key: the SHA-256 (lowercase hex) of everything its result is taken to depend on, each part named and
/// ended by a 0 byte. The parts: Omk's build; the git tree of the work tree (committed, modified and untracked files,
/// ignored ones left out); where the run's root is in it; the gate's kind and action (program and arguments, shell
/// script, or the compiled scripts' key and the gate's name, with the changed files and base ref a code gate is given);
/// its working directory; its own <c>env</c> values; the values of the variables it declares with <c>inputEnv</c>;
/// the output of its <c>toolVersion</c> commands; and its test result patterns. Nothing else of the environment is.
/// </summary>
public static class GateInputKey
{
    /// <summary>Omk's build: its version and the identity of the runtime library's module (a rebuild with changes is another build).</summary>
    public static string OmkBuild { get; } =
        (typeof(GateInputKey).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "?") + "/" +
        typeof(GateInputKey).Assembly.ManifestModule.ModuleVersionId;

    public static string Compute(GateDefinition gate, GateInputs inputs)
    {
        // Hashed in managed code: a few hundred bytes do not need the platform's cryptography library (OpenSSL) loaded.
        using var hash = new MemoryStream(512);
        void Add(string part, string? value = null)
        {
            hash.Write(Encoding.UTF8.GetBytes(value is null ? part : part + ":" + value));
            hash.WriteByte(0);
        }

        Add("omk-gate-input/1");
        Add("omk", OmkBuild);
        Add("tree", inputs.Tree);
        Add("root", inputs.RootInTree);
        Add("kind", gate.Kind);
        if (gate.Command is { } command)
        {
            Add(command.IsShell ? "shell" : "program", command.ShellScript ?? command.Program);
            foreach (var argument in command.IsShell ? [] : command.Arguments)
            {
                Add("arg", argument);
            }
        }

        if (gate.Code is { } code)
        {
            // The compiled assembly's name is the scripts' cache key: every file of their #load closure, Omk's build.
            Add("scripts", Path.GetFileName(code.AssemblyPath));
            Add("gate", code.GateName);
            Add("base", inputs.BaseRef ?? string.Empty);
            foreach (var file in inputs.ChangedFiles)
            {
                Add("changed", file);
            }
        }

        Add("cwd", (gate.WorkingDirectory ?? ".").Replace('\\', '/'));
        var names = new List<string>(gate.Environment.Count);
        foreach (var pair in gate.Environment)
        {
            names.Add(pair.Key);
        }

        names.Sort(StringComparer.Ordinal); // not LINQ over key-value pairs, which the JIT would compile at run time
        foreach (var name in names)
        {
            Add("env", gate.Environment[name] is { } value ? name + "=" + value : name + " unset");
        }

        foreach (var name in gate.InputEnvironment.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            Add("input-env", inputs.Environment(name) is { } value ? name + "=" + value : name + " unset");
        }

        foreach (var (tool, version) in inputs.ToolVersions)
        {
            Add("tool", tool + "=" + version);
        }

        foreach (var pattern in gate.ResultFiles)
        {
            Add("results", pattern);
        }

        Add("allow-no-tests", gate.AllowNoTests ? "true" : "false");
        return Storage.ManagedSha256.HashHex(hash.GetBuffer().AsSpan(0, (int)hash.Length));
    }
}
