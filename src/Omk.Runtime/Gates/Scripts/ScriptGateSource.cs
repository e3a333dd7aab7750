using System.Diagnostics;
using System.Runtime.CompilerServices;
using Omk.Processes;

namespace Omk.Gates.Scripts;

/// <summary>
/// Gates declared in F# scripts (<c>gates/*.fsx</c>): compiled once per distinct content into the cache,
/// then loaded and run to collect the declarations. Applies only when the folder has scripts.
/// </summary>
public sealed class ScriptGateSource(string cacheDirectory, string? gatesDirectory = null) : IGateSource
{
    /// <summary>How long the scripts' top-level code may take to declare the gates before it is stopped and reported.</summary>
    public TimeSpan DeclarationTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>What the last load did: whether it compiled, where the assembly is, how long each step took.</summary>
    public GateScriptLoad? LastLoad { get; private set; }

    public Task<GateSet?> LoadAsync(GateSourceContext context, CancellationToken cancellationToken)
    {
        var folder = GateScriptFolder.Find(context.RepoRoot, gatesDirectory);
        if (folder is null)
        {
            // The default folder is optional; a folder asked for by name must hold scripts (a typo must not silently
            // fall back to the auto-detected gates).
            return gatesDirectory is null
                ? Task.FromResult<GateSet?>(null)
                : throw new GateConfigurationException(
                    $"--gates-dir '{gatesDirectory}': {(Directory.Exists(Path.Combine(context.RepoRoot, gatesDirectory)) ? "the folder has no *.fsx gate scripts" : "no such folder")} " +
                    $"(relative to the repository, {context.RepoRoot}).");
        }

        return Task.FromResult<GateSet?>(Load(folder, context, cancellationToken));
    }

    // Its own method: a repository without gate scripts never prepares this code, so it never loads the F# gate API
    // (Omk.Gates) that the declarations are read from.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private GateSet Load(GateScriptFolder folder, GateSourceContext context, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        var cache = new GateScriptCache(cacheDirectory);
        var closure = ScriptClosure.Resolve(folder.Scripts);
        var key = cache.KeyOf(folder.Scripts, closure, out var inputs, out var remembered);
        var assembly = cache.AssemblyPath(key);
        var compiled = false;
        IReadOnlyList<GateScriptDiagnostic> warnings = [];
        var image = GateScriptCache.ReadVerified(assembly);
        if (image is null)
        {
            warnings = Compile(folder.Scripts, closure, assembly, context.RepoRoot);
            compiled = true;
            image = GateScriptCache.ReadVerified(assembly)
                ?? throw new GateScriptException($"The compiled gate scripts '{assembly}' changed while they were being loaded; run again.");
        }

        if (!remembered)
        {
            cache.Remember(folder.Scripts, key, inputs);
        }

        var compileTime = watch.Elapsed;
        var declarations = GateScriptAssembly.Declare(image, assembly, folder.Scripts, context.RepoRoot, DeclarationTimeout, cancellationToken);
        var gates = declarations.Select(d => ToDefinition(d, assembly, folder.Scripts, context.RepoRoot)).ToList();
        LastLoad = new GateScriptLoad(assembly, compiled, compileTime, watch.Elapsed - compileTime, closure, warnings);
        var origin = $"{GateScriptAssembly.Relative(folder.Directory, context.RepoRoot)}/*.fsx ({folder.Scripts.Count} script(s))";
        return new GateSet(gates, origin);
    }

    private static IReadOnlyList<GateScriptDiagnostic> Compile(IReadOnlyList<string> scripts, IReadOnlyList<string> closure, string assembly, string repoRoot)
    {
        var unsupported = GateScriptDirectives.Check(closure);
        if (unsupported.Count > 0)
        {
            throw new GateScriptException(string.Join('\n', unsupported.Select(e => e.Format(repoRoot))), unsupported);
        }

        var directory = Path.GetDirectoryName(assembly)!;
        Directory.CreateDirectory(directory);
        var staging = Path.Combine(directory, ".compile-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(staging);
        try
        {
            var output = Path.Combine(staging, Path.GetFileName(assembly));
            var folder = GateScriptLocation.FolderOf(scripts);
            var diagnostics = FcsGateCompiler.Compile(scripts, output, GateScriptLocation.IsShareable(folder, closure) ? folder : null);
            var errors = diagnostics.Where(d => d.Severity == "error").ToList();
            if (errors.Count > 0 || !File.Exists(output))
            {
                var lines = errors.Count > 0 ? errors.Select(e => e.Format(repoRoot)) : ["the F# compiler produced no assembly"];
                throw new GateScriptException(string.Join('\n', lines), errors);
            }

            // The hash first, then the pdb, then the dll: a dll in the cache always has its hash and symbols next to it.
            GateScriptCache.Seal(output, assembly);
            var pdb = Path.ChangeExtension(output, ".pdb");
            if (File.Exists(pdb))
            {
                File.Move(pdb, Path.ChangeExtension(assembly, ".pdb"), overwrite: true);
            }

            File.Move(output, assembly, overwrite: true);
            return diagnostics.Where(d => d.Severity == "warning").ToList();
        }
        finally
        {
            Directory.Delete(staging, recursive: true);
        }
    }

    private static Dictionary<string, string?> EnvironmentOf(GateDeclaration d)
    {
        var environment = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (name, value) in d.Environment)
        {
            environment[name] = value;
        }

        return environment;
    }

    private static GateDefinition ToDefinition(GateDeclaration d, string assembly, IReadOnlyList<string> scripts, string repoRoot)
    {
        var location = new GateLocation(GateScriptAssembly.Relative(GateScriptLocation.Unmap(d.File, GateScriptLocation.FolderOf(scripts)), repoRoot), d.Line);
        if (d.Actions != 1)
        {
            throw new GateConfigurationException(
                $"{location}: gate '{d.Name}' declares {(d.Actions == 0 ? "no action" : d.Actions + " actions")}; use exactly one of run, exec, shell or check.");
        }

        if (d.Retries is < 0)
        {
            throw new GateConfigurationException($"{location}: gate '{d.Name}': retries {d.Retries} is negative.");
        }

        ProcessCommand? command = null;
        CodeGateReference? code = null;
        if (d.Check is not null)
        {
            code = new CodeGateReference(assembly, scripts, d.Name);
        }
        else if (d.CommandKind == GateCommandKind.ShellScript)
        {
            command = ProcessCommand.Shell(d.CommandText ?? string.Empty);
        }
        else if (d.CommandKind == GateCommandKind.ProgramAndArguments)
        {
            command = new ProcessCommand(d.Program ?? string.Empty, d.Arguments.ToList());
        }
        else
        {
            var (tokens, error) = CommandTokenizer.Split(d.CommandText ?? string.Empty);
            if (error is not null)
            {
                var hint = error.Contains("shell syntax", StringComparison.Ordinal) ? "; use shell \"...\" to run it through the shell" : string.Empty;
                throw new GateConfigurationException($"{location}: gate '{d.Name}': run \"{d.CommandText}\": {error}{hint}.");
            }

            command = new ProcessCommand(tokens[0], tokens.Skip(1).ToList());
        }

        return new GateDefinition
        {
            Name = d.Name,
            Command = command,
            Code = code,
            WorkingDirectory = d.WorkingDirectory,
            Environment = EnvironmentOf(d),
            Required = d.Required,
            AllowFail = d.AllowFail,
            Skip = d.Skip,
            Timeout = d.Timeout,
            Tags = d.Tags.ToList(),
            DependsOn = d.DependsOn.ToList(),
            Source = location,
            ResultFiles = d.ResultFiles.ToList(),
            AllowNoTests = d.AllowNoTests,
            Retries = d.Retries,
            Reuse = d.Reuse,
            InputEnvironment = d.InputEnvironment.ToList(),
            ToolVersions = d.ToolVersions.ToList(),
            Project = string.IsNullOrWhiteSpace(d.Project) ? null : d.Project,
        };
    }
}
