using System.Text.Json;
using Omk.Events.Payloads;

namespace Omk.Events;

/// <summary>The values of <see cref="EventPayloadReader"/>: each reads one value and says whether it had the expected shape.</summary>
internal static partial class EventPayloadReader
{
    // Moves to the next property name of the current object; false at its end.
    internal static bool NextProperty(ref Utf8JsonReader j)
    {
        j.Read();
        return j.TokenType switch
        {
            JsonTokenType.PropertyName => true,
            JsonTokenType.EndObject => false,
            _ => throw new JsonException("a property name was expected"),
        };
    }

    // A field this reader does not know: the generated serializer reads the payload instead.
    internal static bool Unknown(ref Utf8JsonReader j) => false;

    internal static bool Str(ref Utf8JsonReader j, out string? value)
    {
        j.Read();
        value = j.TokenType == JsonTokenType.String ? j.GetString() : null;
        return j.TokenType is JsonTokenType.String or JsonTokenType.Null;
    }

    private static bool Bool(ref Utf8JsonReader j, out bool? value)
    {
        j.Read();
        value = j.TokenType switch
        {
            JsonTokenType.True => true,
            JsonTokenType.False => false,
            _ => null,
        };
        return value is not null || j.TokenType == JsonTokenType.Null;
    }

    private static bool RequiredBool(ref Utf8JsonReader j, out bool value)
    {
        var ok = Bool(ref j, out var read) && read is not null;
        value = read ?? false;
        return ok;
    }

    // An integer literal in the range of int: what the serializer's int reading accepts.
    private static bool Int(ref Utf8JsonReader j, out int? value)
    {
        var ok = Long(ref j, out var read) && read is null or (>= int.MinValue and <= int.MaxValue);
        value = ok ? (int?)read : null;
        return ok;
    }

    private static bool RequiredInt(ref Utf8JsonReader j, out int value)
    {
        var ok = Int(ref j, out var read) && read is not null;
        value = read ?? 0;
        return ok;
    }

    internal static bool Long(ref Utf8JsonReader j, out long? value)
    {
        j.Read();
        value = null;
        if (j.TokenType == JsonTokenType.Null)
        {
            return true;
        }

        if (j.TokenType == JsonTokenType.Number && j.TryGetInt64(out var number))
        {
            value = number;
            return true;
        }

        return false;
    }

    private static bool RequiredLong(ref Utf8JsonReader j, out long value)
    {
        var ok = Long(ref j, out var read) && read is not null;
        value = read ?? 0;
        return ok;
    }

    private static bool Strings(ref Utf8JsonReader j, out List<string>? values)
    {
        j.Read();
        values = null;
        if (j.TokenType == JsonTokenType.Null)
        {
            return true;
        }

        if (j.TokenType != JsonTokenType.StartArray)
        {
            return false;
        }

        values = [];
        while (j.Read() && j.TokenType != JsonTokenType.EndArray)
        {
            if (j.TokenType is not (JsonTokenType.String or JsonTokenType.Null))
            {
                return false;
            }

            values.Add(j.GetString()!);
        }

        return true;
    }

    internal static bool Object<T>(ref Utf8JsonReader j, Reader<T> read, out T? value)
        where T : class
    {
        j.Read();
        value = null;
        if (j.TokenType == JsonTokenType.Null)
        {
            return true;
        }

        value = j.TokenType == JsonTokenType.StartObject ? read(ref j) : null;
        return value is not null;
    }

    private static bool Objects<T>(ref Utf8JsonReader j, Reader<T> read, out List<T>? values)
        where T : class
    {
        j.Read();
        values = null;
        if (j.TokenType == JsonTokenType.Null)
        {
            return true;
        }

        if (j.TokenType != JsonTokenType.StartArray)
        {
            return false;
        }

        values = [];
        while (j.Read() && j.TokenType != JsonTokenType.EndArray)
        {
            if (j.TokenType != JsonTokenType.StartObject || read(ref j) is not { } item)
            {
                return false;
            }

            values.Add(item);
        }

        return true;
    }

    // The fields of a gate result as they are read, in any order.
    private sealed class GateResultFields
    {
        public string? GateId, Name, CommandLine, StdoutSummary, StderrSummary, OutputPath, Reason, GateKind, Message, SourceFile, TimeoutSource, InputKey;
        public bool Required, TimedOut;
        public int? ExitCode, SourceLine, Attempts;
        public long? TimeoutSecs, DurationMs;
        public bool? AllowFail, Skipped, Flaky;
        public List<string>? Tags, OutputTail;
        public Dictionary<string, string>? Evidence;
        public TestCounts? Tests;
        public List<FailedTest>? FailedTests;
        public List<Finding>? Findings;
        public FindingTotals? FindingsTotal;
        public GateReuseSource? ReusedFrom;

        public GateResultPayload Build() =>
            new(GateId!, Name!, Required, CommandLine, ExitCode, TimedOut, StdoutSummary, StderrSummary, OutputPath, TimeoutSecs, DurationMs, AllowFail,
                Skipped, Reason, Tags, GateKind, Message, Evidence, SourceFile, SourceLine, TimeoutSource)
            {
                Tests = Tests,
                FailedTests = FailedTests,
                Findings = Findings,
                FindingsTotal = FindingsTotal,
                OutputTail = OutputTail,
                Attempts = Attempts,
                Flaky = Flaky,
                InputKey = InputKey,
                ReusedFrom = ReusedFrom,
            };
    }
}
