using Omk.Processes;

namespace Omk.Gates;

/// <summary>
/// A named check that produces evidence. A command gate runs <see cref="Command"/> and passes on exit code 0;
/// a code gate runs F# code (<see cref="Code"/>) that returns pass or fail.
/// <see cref="AllowFail"/> makes it not required (its failure is reported, not blocking); <see cref="Skip"/>
/// records it without running it.
/// </summary>
public sealed record GateDefinition
{
    public required string Name { get; init; }

    public ProcessCommand? Command { get; init; }

    /// <summary>The F# code of a code gate (declared with <c>check</c> in a gate script), run in a child process.</summary>
    public CodeGateReference? Code { get; init; }

    /// <summary>Working directory, relative to the repository root (or absolute). Default: the repository root.</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>Variables set (or removed, when null) for the gate's process.</summary>
    public IReadOnlyDictionary<string, string?> Environment { get; init; } = new Dictionary<string, string?>();

    public bool Required { get; init; } = true;

    public bool AllowFail { get; init; }

    public bool Skip { get; init; }

    /// <summary>Why <see cref="Skip"/> is set, when not by configuration (e.g. unaffected by the change, <c>--affected</c>).</summary>
    public string? SkipReason { get; init; }

    /// <summary>
    /// The project the gate judges (repository-relative, e.g. <c>tests/App.Tests/App.Tests.csproj</c>): with incremental
    /// selection (<c>--affected</c>) the gate runs only when the change reaches that project. Null: the gate judges the whole repository.
    /// </summary>
    public string? Project { get; init; }

    public TimeSpan? Timeout { get; init; }

    public IReadOnlyList<string> Tags { get; init; } = [];

    public IReadOnlyList<string> DependsOn { get; init; } = [];

    public GateLocation? Source { get; init; }

    /// <summary>Test result files the gate writes (TRX or JUnit XML), as patterns relative to its working directory.</summary>
    public IReadOnlyList<string> ResultFiles { get; init; } = [];

    /// <summary>A test gate that may run no test at all (an empty suite); otherwise "no tests ran" fails it.</summary>
    public bool AllowNoTests { get; init; }

    /// <summary>How many times a failed attempt is run again on the same tree (null: the run's default).</summary>
    public int? Retries { get; init; }

    /// <summary>Whether a passed result may be reused when the gate's input key is unchanged (<c>reuse false</c> opts out).</summary>
    public bool Reuse { get; init; } = true;

    /// <summary>Variables of omk's environment the gate reads: their values are part of its input key (none by default).</summary>
    public IReadOnlyList<string> InputEnvironment { get; init; } = [];

    /// <summary>Commands whose output (a tool's version, e.g. <c>dotnet --version</c>) is part of the gate's input key.</summary>
    public IReadOnlyList<string> ToolVersions { get; init; } = [];

    /// <summary>Not required, and not because it may fail: declared <c>optional</c>.</summary>
    public bool IsOptional => !Required && !AllowFail;

    /// <summary>Required and not allowed to fail: its failure fails the run.</summary>
    public bool IsRequired => Required && !AllowFail;

    /// <summary><c>command</c> or <c>code</c>.</summary>
    public string Kind => Code is null ? "command" : "code";

    /// <summary>What the evidence shows as the command line: the command, or where the code gate is declared.</summary>
    public string CommandLine => Command?.CommandLine ?? $"code gate '{Name}'{(Source is null ? string.Empty : $" ({Source.File}:{Source.Line})")}";
}
