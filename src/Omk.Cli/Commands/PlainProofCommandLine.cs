namespace Omk.Cli.Commands;

/// <summary>
/// A run's command line made of plain tokens (<c>omk proof --gate build=… --no-reuse --state-dir DIR</c>, as build hosts,
/// the action and people write it), read without System.CommandLine: building and parsing its 17 options costs a short
/// proof about 6 ms, a tenth of its time. Read only when there is one possible reading: every token is one of the
/// run's options written out (<c>--name</c>), each valued option followed by one plain value, no option but the
/// repeatable ones given twice, and counts that parse as System.CommandLine parses an int. Anything else (help, a
/// subcommand, <c>--name=value</c>, a response file, <c>--flag true</c>, a value that looks like an option or a
/// subcommand, an error) returns null and goes to System.CommandLine, so its help, errors and exit codes stay as they
/// are (<see cref="PlainCommandLine"/>).
/// </summary>
internal static class PlainProofCommandLine
{
    /// <summary>The arguments of a run's command line of plain tokens; null for any other command line.</summary>
    public static ProofRunArguments? TryRead(IReadOnlyList<string> args)
    {
        if (args.Count == 0 || args[0] != "proof")
        {
            return null;
        }

        List<string> gates = [], after = [], allowFail = [];
        string? repo = null, solution = null, filter = null, parallel = null, @base = null, timeout = null, stateDir = null,
            gatesDir = null, resultFile = null, retries = null, shard = null;
        bool json = false, noReuse = false, affected = false;
        for (var i = 1; i < args.Count; i++)
        {
            var name = args[i];
            if (name is "--json" or "--no-reuse" or "--affected")
            {
                // Alone: a flag followed by true or false is the parser's to read, as is a flag given twice.
                var once = name switch
                {
                    "--json" => SetOnce(ref json),
                    "--no-reuse" => SetOnce(ref noReuse),
                    _ => SetOnce(ref affected),
                };
                if (!once)
                {
                    return null;
                }

                continue;
            }

            if (i + 1 == args.Count || !IsPlainValue(args[i + 1]))
            {
                return null;
            }

            var value = args[++i];
            var read = name switch
            {
                "--gate" => Add(gates, value),
                "--after" => Add(after, value),
                "--allow-fail" => Add(allowFail, value),
                "--repo" => SetOnce(ref repo, value),
                "--solution" => SetOnce(ref solution, value),
                "--filter" => SetOnce(ref filter, value),
                "--parallel" => SetOnce(ref parallel, value),
                "--base" => SetOnce(ref @base, value),
                "--timeout" => SetOnce(ref timeout, value),
                "--state-dir" => SetOnce(ref stateDir, value),
                "--gates-dir" => SetOnce(ref gatesDir, value),
                "--result-file" => SetOnce(ref resultFile, value),
                "--retries" => SetOnce(ref retries, value),
                "--shard" => SetOnce(ref shard, value),
                _ => false,
            };
            if (!read)
            {
                return null;
            }
        }

        // The counts as CountOption converts them; one that does not parse is the parser's error to report.
        if ((parallel is not null && !CountOption.IsCount(parallel)) || (retries is not null && !CountOption.IsCount(retries)))
        {
            return null;
        }

        return new ProofRunArguments(
            repo, [.. gates], [.. after], solution, [.. allowFail], filter, CountOption.Value(parallel ?? ProofCommand.DefaultParallel), @base, timeout, stateDir, gatesDir,
            json, resultFile, CountOption.Value(retries), noReuse, shard, affected);
    }

    // A token System.CommandLine takes as a value whatever the command: not empty, not option-like (-x, --x), not a
    // response file (@x), and neither a token the command knows (a subcommand, a help alias of the slash kind) nor one
    // the parser would split into such a token and its argument (/h=x, show:x).
    private static bool IsPlainValue(string token)
    {
        if (token.Length == 0 || token[0] is '-' or '@')
        {
            return false;
        }

        var split = token.IndexOfAny([':', '=']);
        var head = split < 0 ? token : token[..split];
        return !ProofCommand.IsReading(head) && head is not ("/h" or "/?" or "/help");
    }

    private static bool Add(List<string> values, string value)
    {
        values.Add(value);
        return true;
    }

    private static bool SetOnce(ref string? field, string value)
    {
        if (field is not null)
        {
            return false;
        }

        field = value;
        return true;
    }

    private static bool SetOnce(ref bool flag)
    {
        if (flag)
        {
            return false;
        }

        flag = true;
        return true;
    }
}
