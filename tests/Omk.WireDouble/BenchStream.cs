using System.Globalization;

namespace Omk.WireDouble;

/// <summary>
/// The Wire driver benchmark's stream: ContentPart and StatusUpdate events, alternating. The double sends it
/// (<c>--bench-events N</c>); the benchmark compiles this same file to time a raw reader over the same lines.
/// </summary>
internal static class BenchStream
{
    public static IReadOnlyList<string> Lines(int count)
    {
        var lines = new List<string>(count);
        for (var i = 0; i < count; i++)
        {
            var n = i.ToString(CultureInfo.InvariantCulture);
            lines.Add(i % 2 == 0
                ? "{\"jsonrpc\":\"2.0\",\"method\":\"event\",\"params\":{\"type\":\"ContentPart\",\"payload\":{\"type\":\"text\",\"text\":\"chunk " + n + " of the streamed reply \"}}}"
                : "{\"jsonrpc\":\"2.0\",\"method\":\"event\",\"params\":{\"type\":\"StatusUpdate\",\"payload\":{\"context_usage\":0.01,\"context_tokens\":1000,\"max_context_tokens\":100000,\"token_usage\":{\"input_other\":10,\"output\":2,\"input_cache_read\":5,\"input_cache_creation\":0},\"message_id\":\"m-" + n + "\",\"plan_mode\":false,\"mcp_status\":null}}}");
        }

        return lines;
    }
}
