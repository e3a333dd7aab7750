using System.Text.Json;
using Omk.Events.Payloads;

namespace Omk.Events;

/// <summary>The parts of a gate's result payload read by <see cref="EventPayloadReader"/>: test counts, failed tests, findings, reuse and evidence.</summary>
internal static partial class EventPayloadReader
{
    private static TestCounts? ReadTests(ref Utf8JsonReader j)
    {
        int total = 0, passed = 0, failed = 0, skipped = 0;
        while (NextProperty(ref j))
        {
            var ok = j.ValueTextEquals("total"u8) ? RequiredInt(ref j, out total)
                : j.ValueTextEquals("passed"u8) ? RequiredInt(ref j, out passed)
                : j.ValueTextEquals("failed"u8) ? RequiredInt(ref j, out failed)
                : j.ValueTextEquals("skipped"u8) ? RequiredInt(ref j, out skipped)
                : Unknown(ref j);
            if (!ok)
            {
                return null;
            }
        }

        return new TestCounts(total, passed, failed, skipped);
    }

    private static FailedTest? ReadFailedTest(ref Utf8JsonReader j)
    {
        string? name = null, message = null, file = null;
        int? line = null;
        while (NextProperty(ref j))
        {
            var ok = j.ValueTextEquals("name"u8) ? Str(ref j, out name)
                : j.ValueTextEquals("message"u8) ? Str(ref j, out message)
                : j.ValueTextEquals("file"u8) ? Str(ref j, out file)
                : j.ValueTextEquals("line"u8) ? Int(ref j, out line)
                : Unknown(ref j);
            if (!ok)
            {
                return null;
            }
        }

        return new FailedTest(name!, message, file, line);
    }

    private static Finding? ReadFinding(ref Utf8JsonReader j)
    {
        string? severity = null, code = null, file = null, message = null;
        int? line = null, column = null;
        while (NextProperty(ref j))
        {
            var ok = j.ValueTextEquals("severity"u8) ? Str(ref j, out severity)
                : j.ValueTextEquals("code"u8) ? Str(ref j, out code)
                : j.ValueTextEquals("file"u8) ? Str(ref j, out file)
                : j.ValueTextEquals("line"u8) ? Int(ref j, out line)
                : j.ValueTextEquals("column"u8) ? Int(ref j, out column)
                : j.ValueTextEquals("message"u8) ? Str(ref j, out message)
                : Unknown(ref j);
            if (!ok)
            {
                return null;
            }
        }

        return new Finding(severity!, code, file, line, column, message!);
    }

    private static FindingTotals? ReadTotals(ref Utf8JsonReader j)
    {
        int errors = 0, warnings = 0;
        while (NextProperty(ref j))
        {
            var ok = j.ValueTextEquals("errors"u8) ? RequiredInt(ref j, out errors)
                : j.ValueTextEquals("warnings"u8) ? RequiredInt(ref j, out warnings)
                : Unknown(ref j);
            if (!ok)
            {
                return null;
            }
        }

        return new FindingTotals(errors, warnings);
    }

    private static GateReuseSource? ReadReuse(ref Utf8JsonReader j)
    {
        string? run = null, gate = null;
        while (NextProperty(ref j))
        {
            var ok = j.ValueTextEquals("run"u8) ? Str(ref j, out run)
                : j.ValueTextEquals("gate"u8) ? Str(ref j, out gate)
                : Unknown(ref j);
            if (!ok)
            {
                return null;
            }
        }

        return new GateReuseSource(run!, gate!);
    }

    private static Dictionary<string, string>? ReadEvidence(ref Utf8JsonReader j)
    {
        var values = new Dictionary<string, string>();
        while (NextProperty(ref j))
        {
            var key = j.GetString()!;
            if (!Str(ref j, out var value))
            {
                return null;
            }

            values[key] = value!;
        }

        return values;
    }
}
