using System.CommandLine;
using Omk.Cli.Rendering;
using Omk.Gates;
using Omk.Gates.Scripts;
using Omk.Processes;
using Omk.Proofs;
using Omk.Proofs.Shards;
using Omk.Runs;

namespace Omk.Cli.Commands;

/// <summary><c>omk proof</c>: run the repository's gates and write a proof.</summary>
public static class ProofCommand
{
    private const string Description = "Run the repository's gates and write a proof (exit 0 ready, 1 not ready or failed, 2 usage error).";

    /// <summary><c>omk proof show|verify|attest</c> alone, for a command line that reads a proof: none of the options of a run are built.</summary>
    public static Command ShowOnly() => new("proof", Description) { ProofShowCommand.Create(), ProofVerifyCommand.Create(), ProofAttestCommand.Create(), ProofMergeCommand.Create() };

    /// <summary>How many gates run at once without <c>--parallel</c>, whichever way the command line was read.</summary>
    internal const string DefaultParallel = "1";

    /// <summary>The subcommands that only read recorded runs (merge writes a new one from them, running no gate).</summary>
    public static bool IsReading(string subcommand) => subcommand is "show" or "verify" or "attest" or "merge";

    /// <summary>
    /// Whether a command line runs gates (<c>omk proof …</c>, not <c>proof show|verify|attest|merge</c>): then the code every
    /// run needs starts being prepared on another core (<see cref="ProofRunWarmUp"/>) before anything else, while the
    /// command line is read.
    /// </summary>
    public static bool IsRun(IReadOnlyList<string> args) => args.Count > 0 && args[0] == "proof" && !(args.Count > 1 && IsReading(args[1]));

    public static Command Create(ShutdownSignals? signals = null)
    {
        var repo = CommonOptions.Repo();
        var stateDir = CommonOptions.StateDir();
        var gate = new Option<string[]>("--gate")
        {
            Description = "A gate as name=command (repeatable). The command runs without a shell; start it with '!' to use the shell. Replaces the repository's gates.",
            HelpName = "NAME=CMD",
        };
        var after = new Option<string[]>("--after")
        {
            Description = "Run GATE only after these gates passed (repeatable), e.g. --after test:build; applies to gates from any source.",
            HelpName = "GATE:DEP[,DEP]",
        };
        var solution = GatesCommand.Solution();
        var allowFail = new Option<string[]>("--allow-fail")
        {
            Description = "Let this gate fail without failing the run (repeatable); its failure is still reported.",
            HelpName = "NAME",
        };
        var filter = new Option<string?>("--filter")
        {
            Description = "Run only these gates (and what they depend on): names with * and ? wildcards, or tag:NAME, separated by commas.",
            HelpName = "PATTERNS",
        };
        var shard = new Option<string?>("--shard")
        {
            Description = "Run share I of N of the declared gates (balanced by their last recorded durations; a gate stays with what it depends on) and write a partial proof; fold the shards with 'omk proof merge'.",
            HelpName = "I/N",
        };
        var parallel = CountOption.Create("--parallel", "Run up to N independent gates at once (default 1: one by one, in order).", defaultValue: DefaultParallel);
        var @base = new Option<string?>("--base")
        {
            Description = "Record changed files against this ref (merge base with HEAD), plus uncommitted work.",
            HelpName = "REF",
        };
        var timeout = new Option<string?>("--timeout")
        {
            Description = "Timeout of each gate that declares none, from any source (a gate script's own timeout wins), e.g. 90s, 10m, 1h (default 30m).",
            HelpName = "DURATION",
        };
        var retries = CountOption.Create("--retries", "Run a failed gate again up to N times on the same tree, for gates that declare no retries (default 0); a gate that then passes is flaky.");
        var noReuse = new Option<bool>("--no-reuse")
        {
            Description = "Run every gate, even one whose inputs match a passed result in the cache (the results are still stored for later runs).",
        };
        var affected = new Option<bool>("--affected")
        {
            Description = "Incremental selection: run the gates declared per project (project \"path\" in a gate script; auto-detected: one test gate per test project) only for projects the change reaches, by the MSBuild project graph; changes are taken since --base, else the uncommitted work. The proof says which were skipped and why.",
        };
        var json = CommonOptions.Json("Print proof.json on stdout instead of the summary.");
        var gatesDir = CommonOptions.GatesDir();
        var resultFile = new Option<string?>("--result-file")
        {
            Description = "Also write the outcome (exit code, status, proof paths, errors) as JSON to this file, for build hosts.",
            HelpName = "FILE",
        };

        var command = new Command("proof", Description)
        {
            repo, gate, after, allowFail, filter, parallel, retries, @base, timeout, noReuse, affected, shard, solution, gatesDir, stateDir, json, resultFile,
        };
        command.Add(ProofShowCommand.Create());
        command.Add(ProofVerifyCommand.Create());
        command.Add(ProofAttestCommand.Create());
        command.Add(ProofMergeCommand.Create());
        // A synchronous action that blocks on the run: the command line's own layers then never suspend, so a short-lived
        // process does not JIT-compile their async machinery (the run inside stays asynchronous).
        command.SetAction(parse => Run(
            new ProofRunArguments(
                parse.GetValue(repo),
                parse.GetValue(gate) ?? [],
                parse.GetValue(after) ?? [],
                parse.GetValue(solution),
                parse.GetValue(allowFail) ?? [],
                parse.GetValue(filter),
                CountOption.Value(parse.GetValue(parallel)),
                parse.GetValue(@base),
                parse.GetValue(timeout),
                parse.GetValue(stateDir),
                parse.GetValue(gatesDir),
                CommonOptions.IsSet(parse, json),
                parse.GetValue(resultFile),
                CountOption.Value(parse.GetValue(retries)),
                CommonOptions.IsSet(parse, noReuse),
                parse.GetValue(shard),
                CommonOptions.IsSet(parse, affected)),
            signals,
            signals?.Token ?? CancellationToken.None));
        return command;
    }

    /// <summary>A run whose command line was read without System.CommandLine (<see cref="PlainProofCommandLine"/>): the same run.</summary>
    internal static int RunPlain(ProofRunArguments args, ShutdownSignals signals) => Run(args, signals, signals.Token);

    private static int Run(ProofRunArguments args, ShutdownSignals? signals, CancellationToken cancellationToken)
    {
        // For tests: both readings of a command line (PlainCommandLine, System.CommandLine) give the same arguments.
        if (Environment.GetEnvironmentVariable("OMK_TRACE_ARGUMENTS") == "1")
        {
            Console.Error.WriteLine("omk-trace: proof " + args.Describe());
        }

        var repoRoot = args.Repo ?? Directory.GetCurrentDirectory();
        try
        {
            repoRoot = RepoLocation.ResolveAsync(args.Repo, cancellationToken).GetAwaiter().GetResult();
            var (options, gates, git) = Prepare(args, repoRoot, cancellationToken);
            options = options with { InterruptedBy = () => signals?.ReceivedName };
            var result = Execute(options, gates, git, cancellationToken);
            // A partial run exits 0 when every selected gate passed (the user asked for those), and says "partial".
            var exit = result.Proof.Status is ProofStatus.Ready or ProofStatus.Partial ? ExitCodes.Ready : ExitCodes.NotReady;
            if (args.Json)
            {
                Console.Out.Write(ProofPublisher.ToJson(result.Proof));
            }
            else
            {
                Console.Out.WriteLine(result.Proof.Summary);
                FailedGateReport.Write(Console.Out, result.Proof);
                Console.Out.WriteLine($"proof: {Path.GetRelativePath(Directory.GetCurrentDirectory(), result.Run.ProofMarkdownPath)}");
            }

            if (args.ResultFile is not null)
            {
                ProofResultFile.Write(args.ResultFile, exit, repoRoot, result);
            }

            return exit;
        }
        catch (UsageException ex) when (args.ResultFile is not null)
        {
            ProofResultFile.Write(args.ResultFile, ExitCodes.Usage, repoRoot, message: ex.Message);
            throw;
        }
        catch (GateScriptException ex)
        {
            GateSources.Report(ex, repoRoot, Console.Error);
            if (args.ResultFile is not null)
            {
                ProofResultFile.Write(args.ResultFile, ExitCodes.Usage, repoRoot, message: ex.Diagnostics.Count == 0 ? ex.Message : null, diagnostics: ex.Diagnostics);
            }

            return ExitCodes.Usage;
        }
    }

    // Everything that can be wrong with the input is found here, before a run directory exists. Synchronous, as the action
    // is: it blocks on git's answer (and on discovery only when a source does wait, which none does today), so no async
    // state machine of its own is prepared for the JIT on every run.
    private static (ProofRunOptions Options, GateSet Gates, Git.GitSnapshot? Git) Prepare(ProofRunArguments args, string repoRoot, CancellationToken cancellationToken)
    {
        if (args.Parallel < 1)
        {
            throw new UsageException($"--parallel must be at least 1 (got {args.Parallel}).");
        }

        if (args.Retries < 0)
        {
            throw new UsageException($"--retries must be 0 or more (got {args.Retries}).");
        }

        TimeSpan? timeout = args.Timeout is null ? null : TimeoutOption.Parse("--timeout", args.Timeout);

        var options = new ProofRunOptions
        {
            RepoRoot = repoRoot,
            StateRoot = args.StateDir,
            BaseRef = args.Base,
            Parallelism = args.Parallel,
            DefaultTimeout = timeout,
            Retries = args.Retries,
            ReuseResults = !args.NoReuse,
            GateSource = GateSourceOf(args, repoRoot),
            // Build hosts pass their OmkGateTimeout property (MSBuild, Nuke) as --timeout.
            TimeoutOrigin = Environment.GetEnvironmentVariable("OMK_HOST") is "msbuild" or "nuke" ? "OmkGateTimeout" : "--timeout",
        };
        try
        {
            var selection = new GateSelection
            {
                Gates = args.Gates,
                After = args.After,
                GatesDirectory = args.GatesDir,
                Solution = args.Solution is null ? null : Path.GetFullPath(args.Solution),
                PerProjectTests = args.Affected,
            };
            var sources = GateSources.For(selection);
            var gates = GateSources.DiscoverAsync(sources, selection, repoRoot, cancellationToken).GetAwaiter().GetResult();
            foreach (var warning in sources.OfType<ScriptGateSource>().SelectMany(s => s.LastLoad?.Warnings ?? []))
            {
                Console.Error.WriteLine(warning.Format(repoRoot));
            }

            gates = GateFilter.Apply(gates, args.Filter).AllowingFailureOf(args.AllowFail);
            if (args.Shard is not null)
            {
                if (args.Filter is not null)
                {
                    throw new UsageException("--shard and --filter do not go together: a shard is a share of every declared gate, so that the shards merge into one proof.");
                }

                gates = ShardPlanner.Select(gates, ShardSpec.Parse(args.Shard), GateDurationHistory.Read(RunStore.For(repoRoot, args.StateDir)));
            }

            var git = ProofRun.SnapshotAsync(options, cancellationToken).GetAwaiter().GetResult();
            if (args.Affected)
            {
                gates = SelectAffectedAsync(gates, git, repoRoot, args.Base, cancellationToken).GetAwaiter().GetResult();
            }

            RunStore.For(repoRoot, args.StateDir).EnsureUsable();
            return (options, gates, git);
        }
        catch (GateConfigurationException ex)
        {
            throw new UsageException(ex.Message, ex);
        }
    }

    private static async Task<GateSet> SelectAffectedAsync(GateSet gates, Git.GitSnapshot? git, string repoRoot, string? baseRef, CancellationToken cancellationToken)
    {
        if (git is null)
        {
            throw new UsageException($"--affected needs a git repository to know what changed, and '{repoRoot}' is not in one.");
        }

        var selected = await Affected.AffectedGateSelection.ForRunAsync(gates, repoRoot, git, baseRef, new Affected.ProjectGraphReader(new ProcessRunner()), cancellationToken);
        if (selected.Affected is { } a)
        {
            Console.Error.WriteLine(a.GraphError is { } error
                ? $"omk: --affected: {error}"
                : $"omk: --affected: {a.Projects.Count(p => p.Affected)} of {a.Projects.Count} project(s) affected by {a.ChangedFiles} changed file(s); {a.SkippedGates.Count} gate(s) skipped as unaffected");
        }

        return selected;
    }

    // What declares the gates again on the same tree (omk replay --verify); null when the defaults were used.
    private static Events.Payloads.GateSourcePayload? GateSourceOf(ProofRunArguments args, string repoRoot)
    {
        static IReadOnlyList<string>? List(string[] values) => values.Length == 0 ? null : values;
        var source = new Events.Payloads.GateSourcePayload
        {
            Gates = List(args.Gates),
            After = List(args.After),
            GatesDir = args.GatesDir,
            Solution = args.Solution is null ? null : Path.GetRelativePath(repoRoot, Path.GetFullPath(args.Solution)).Replace('\\', '/'),
            Filter = args.Filter,
            AllowFail = List(args.AllowFail),
            Affected = args.Affected ? true : null,
        };
        return source == new Events.Payloads.GateSourcePayload() ? null : source;
    }

    private static ProofRunResult Execute(ProofRunOptions options, GateSet gates, Git.GitSnapshot? git, CancellationToken cancellationToken)
    {
        var time = TimeProvider.System;
        using var progress = new ProgressView(Console.Error, ProgressView.IsInteractiveTerminal(), time, RunStore.For(options.RepoRoot, options.StateRoot).RunsDirectory);
        progress.Line($"omk: {gates.Gates.Count} gate(s) from {gates.Origin}");
        return new ProofRun(new ProcessRunner(time), time, new CurrentProgramCodeGateLauncher())
            .RunAsync(options, gates, git, progress.OnEvent, cancellationToken)
            .GetAwaiter()
            .GetResult();
    }
}
