using System.Globalization;

namespace Omk.WireDouble;

/// <summary>
/// Command line of the double: the options of <c>kimi --wire</c> it is launched with (accepted, mostly ignored)
/// plus its own: which recording to replay and which fault to inject.
/// </summary>
internal sealed record DoubleOptions
{
    public string? Script { get; init; }

    public string? TranscriptsPath { get; init; }

    public string? ReportPath { get; init; }

    public string WorkDirectory { get; init; } = Environment.CurrentDirectory;

    /// <summary>Interleave garbage lines (not JSON, not JSON-RPC) with the recorded ones.</summary>
    public bool Malformed { get; init; }

    /// <summary>Write a traceback to stderr and exit with code 3 halfway through the first turn.</summary>
    public bool CrashMidTurn { get; init; }

    /// <summary>On prompt, never write anything again and ignore all input (even end of input).</summary>
    public bool Stall { get; init; }

    /// <summary>Answer <c>initialize</c> with -32601, as a server without the handshake does.</summary>
    public bool NoInitialize { get; init; }

    /// <summary>After the turn's traffic, fail the prompt with this JSON-RPC error code.</summary>
    public int? ErrorCode { get; init; }

    /// <summary>After the turn's traffic, wait for <c>cancel</c> instead of finishing.</summary>
    public bool HoldTurn { get; init; }

    /// <summary>Text to say (as a ContentPart) at the start of every turn: secrets planted by redaction tests.</summary>
    public string? Plant { get; init; }

    /// <summary>Benchmark: answer every prompt with this many ContentPart/StatusUpdate events, then finish.</summary>
    public int? BenchEvents { get; init; }

    /// <summary>Arguments the double accepted without acting on them (kimi's own options).</summary>
    public IReadOnlyList<string> Ignored { get; init; } = [];

    public static DoubleOptions Parse(string[] args)
    {
        var options = new DoubleOptions
        {
            TranscriptsPath = Environment.GetEnvironmentVariable("OMK_WIRE_TRANSCRIPTS"),
            ReportPath = Environment.GetEnvironmentVariable("OMK_WIRE_REPORT"),
        };
        var ignored = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{name} needs a value");
            switch (name)
            {
                case "--script": options = options with { Script = Value() }; break;
                case "--transcripts": options = options with { TranscriptsPath = Value() }; break;
                case "--report": options = options with { ReportPath = Value() }; break;
                case "--work-dir": options = options with { WorkDirectory = Value() }; break;
                case "--malformed": options = options with { Malformed = true }; break;
                case "--crash-mid-turn": options = options with { CrashMidTurn = true }; break;
                case "--stall": options = options with { Stall = true }; break;
                case "--no-initialize": options = options with { NoInitialize = true }; break;
                case "--error-code": options = options with { ErrorCode = int.Parse(Value(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture) }; break;
                case "--hold-turn": options = options with { HoldTurn = true }; break;
                case "--plant": options = options with { Plant = Value() }; break;
                case "--bench-events": options = options with { BenchEvents = int.Parse(Value(), NumberStyles.None, CultureInfo.InvariantCulture) }; break;
                default: ignored.Add(name); break;
            }
        }

        return options with { Ignored = ignored };
    }
}
