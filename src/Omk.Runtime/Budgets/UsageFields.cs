using System.Text.Json;

namespace Omk.Budgets;

/// <summary>
/// Reads the tokens and cost of a usage <c>task_output</c> payload straight from its UTF-8 text, one pass with a
/// <see cref="Utf8JsonReader"/> over the top-level fields (the fold meets hundreds of thousands of them).
/// </summary>
internal static class UsageFields
{
    /// <summary>
    /// True when the payload is an object whose <c>wire_event</c> is <c>usage</c> and whose <c>task_id</c> is not one of
    /// <paramref name="skipTasks"/>; then the tokens and cost it carries.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> payload, IReadOnlySet<string>? skipTasks, out long tokens, out decimal costUsd)
    {
        tokens = 0;
        costUsd = 0;
        var usage = false;
        var skipped = false;
        try
        {
            var reader = new Utf8JsonReader(payload);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("wire_event"u8))
                {
                    reader.Read();
                    usage = reader.TokenType == JsonTokenType.String && reader.ValueTextEquals("usage"u8);
                }
                else if (skipTasks is not null && reader.ValueTextEquals("task_id"u8))
                {
                    reader.Read();
                    skipped = reader.TokenType == JsonTokenType.String && reader.GetString() is { } task && skipTasks.Contains(task);
                }
                else if (reader.ValueTextEquals("input_tokens"u8) || reader.ValueTextEquals("output_tokens"u8)
                    || reader.ValueTextEquals("cache_read_tokens"u8) || reader.ValueTextEquals("cache_creation_tokens"u8))
                {
                    reader.Read();
                    if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var n))
                    {
                        tokens += n;
                    }
                }
                else if (reader.ValueTextEquals("cost_usd"u8))
                {
                    reader.Read();
                    if (reader.TokenType == JsonTokenType.Number && reader.TryGetDecimal(out var cost))
                    {
                        costUsd = cost;
                    }
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
        }
        catch (JsonException)
        {
            return false;
        }

        return usage && !skipped;
    }
}
