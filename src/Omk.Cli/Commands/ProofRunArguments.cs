using System.Globalization;
using System.Text;

namespace Omk.Cli.Commands;

/// <summary>What a run's command line (<c>omk proof …</c>) asks for, however it was read (<see cref="PlainProofCommandLine"/>, or System.CommandLine).</summary>
internal sealed record ProofRunArguments(
    string? Repo, string[] Gates, string[] After, string? Solution, string[] AllowFail, string? Filter, int Parallel, string? Base, string? Timeout,
    string? StateDir, string? GatesDir, bool Json, string? ResultFile, int Retries, bool NoReuse, string? Shard, bool Affected)
{
    /// <summary>Every value on one line (lists in order), for <c>OMK_TRACE_ARGUMENTS=1</c>: two readings of a command line compare as text.</summary>
    public string Describe()
    {
        var text = new StringBuilder();
        void Add(string name, string? value) => text.Append(name).Append('=').Append(value is null ? "(none)" : "'" + value + "'").Append(' ');
        void AddAll(string name, string[] values) => text.Append(name).Append("=[").AppendJoin(", ", values.Select(v => "'" + v + "'")).Append("] ");
        Add("repo", Repo);
        AddAll("gates", Gates);
        AddAll("after", After);
        Add("solution", Solution);
        AddAll("allow-fail", AllowFail);
        Add("filter", Filter);
        Add("parallel", Parallel.ToString(CultureInfo.InvariantCulture));
        Add("base", Base);
        Add("timeout", Timeout);
        Add("state-dir", StateDir);
        Add("gates-dir", GatesDir);
        Add("json", Json ? "true" : "false");
        Add("result-file", ResultFile);
        Add("retries", Retries.ToString(CultureInfo.InvariantCulture));
        Add("no-reuse", NoReuse ? "true" : "false");
        Add("shard", Shard);
        Add("affected", Affected ? "true" : "false");
        return text.ToString().TrimEnd();
    }
}
