using System.Text.Json.Serialization;

namespace Omk.Tests.Support;

/// <summary>A payload that says who produced an event and in which order.</summary>
public sealed record ProducerPayload(int Producer, int Seq, string Text);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(ProducerPayload))]
public sealed partial class TestJsonContext : JsonSerializerContext;
