using System.Reflection;
using System.Security.Cryptography;
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
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        void Add(string part, string? value = null)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(value is null ? part : part + ":" + value));
            hash.AppendData([0]);
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
        foreach (var (name, value) in gate.Environment.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            Add("env", value is null ? name + " unset" : name + "=" + value);
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
        return Convert.ToHexString(hash.GetHashAndReset()).ToLowerInvariant();
    }
}
