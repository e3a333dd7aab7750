using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Omk.Storage;

/// <summary>
/// The settings of every Omk file format: snake_case names, nulls omitted, UTC <c>Z</c> timestamps, and
/// characters kept readable (no <c>\u0027</c> for quotes or escapes for non-ASCII text; still valid JSON).
/// </summary>
public static class JsonFileOptions
{
    public static JsonSerializerOptions Create(bool indented) => new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = indented,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new UtcTimestampJsonConverter() },
    };

    public static JsonWriterOptions Writer(bool indented) => new()
    {
        Indented = indented,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
