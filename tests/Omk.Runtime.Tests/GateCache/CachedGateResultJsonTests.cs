using System.Text;
using System.Text.Json;
using Omk.Events.Payloads;
using Omk.GateCache;

namespace Omk.Tests.GateCache;

/// <summary>A cache entry written and read by hand against the generated serializer: the same bytes, the same entry.</summary>
public sealed class CachedGateResultJsonTests
{
    public static TheoryData<CachedGateResult> Entries() =>
    [
        new CachedGateResult("k1", "run-1", "build", new DateTimeOffset(2026, 12, 5, 2, 10, 49, 123, TimeSpan.Zero).AddTicks(4567),
            new GateResultPayload("build", "build", true, "dotnet build", 0, false, OutputPath: "gates/01-build.log", DurationMs: 1200, GateKind: "command") { InputKey = "k1" },
            "abc", 42),
        new CachedGateResult("k2", "run-2", "t <é> \"x\"", new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.FromHours(2)),
            new GateResultPayload("t", "t <é> \"x\"", false, "echo 'a&b' 🚀", 0, false, "out\u2028", null, null, 60, 5, true, null, null, ["a", "b"], "code", "m",
                new Dictionary<string, string> { ["k"] = "v <tag>" }, "gates/q.fsx", 3, "gate")
            {
                Tests = new TestCounts(2, 2, 0, 0),
                Findings = [new Finding("warning", "CS0168", "a.cs", 1, 2, "unused 'x'")],
                FindingsTotal = new FindingTotals(0, 1),
                OutputTail = ["é"],
            },
            null, null),
    ];

    [Theory]
    [MemberData(nameof(Entries))]
    public void Written_and_read_as_the_generated_serializer_does(CachedGateResult entry)
    {
        var generated = JsonSerializer.SerializeToUtf8Bytes(entry, GateCacheJsonContext.Default.CachedGateResult);
        var written = CachedGateResultJson.Write(entry);

        Assert.Equal(Encoding.UTF8.GetString(generated), Encoding.UTF8.GetString(written));
        var read = CachedGateResultJson.TryRead(generated);
        Assert.NotNull(read);
        Assert.Equal(Encoding.UTF8.GetString(generated), Encoding.UTF8.GetString(CachedGateResultJson.Write(read)));
        Assert.Equal(entry.RecordedAt, read.RecordedAt);
        Assert.Equal(entry.RecordedAt.Offset, read.RecordedAt.Offset);
    }

    [Theory]
    [InlineData("""{"input_key":"k","run":"r","gate":"g","recorded_at":"yesterday","result":{"gate_id":"g","name":"g","required":true,"timed_out":false}}""")]
    [InlineData("""{"input_key":"k","run":"r","gate":"g","recorded_at":"2026-01-01T00:00:00Z","result":[]}""")]
    [InlineData("""{"input_key":"k","run":"r","gate":"g","recorded_at":"2026-01-01T00:00:00Z","log_bytes":"1"}""")]
    [InlineData("""[]""")]
    public void Text_of_another_shape_is_left_to_the_generated_serializer(string json)
    {
        Assert.Null(CachedGateResultJson.TryRead(Encoding.UTF8.GetBytes(json)));
        Assert.ThrowsAny<JsonException>(() => JsonSerializer.Deserialize(json, GateCacheJsonContext.Default.CachedGateResult));
    }

    // A field added to a cache entry must be added to the hand-written JSON too: the first entry sets every field.
    [Fact]
    public void The_first_entry_sets_every_field_of_a_cache_entry()
    {
        var entry = (CachedGateResult)Entries().Cast<object[]>().First()[0];
        var names = JsonDocument.Parse(JsonSerializer.SerializeToUtf8Bytes(entry, GateCacheJsonContext.Default.CachedGateResult)).RootElement
            .EnumerateObject().Select(p => p.Name).ToList();

        Assert.Equal(
            typeof(CachedGateResult).GetProperties().Where(p => p.Name != "EqualityContract").Select(p => JsonNamingPolicy.SnakeCaseLower.ConvertName(p.Name)).Order(),
            names.Order());
    }
}
