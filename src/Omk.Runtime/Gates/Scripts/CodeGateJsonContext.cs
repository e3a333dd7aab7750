using System.Text.Json.Serialization;

namespace Omk.Gates.Scripts;

/// <summary>JSON for the files exchanged with the code gate child process.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, WriteIndented = true)]
[JsonSerializable(typeof(CodeGateInvocation))]
[JsonSerializable(typeof(CodeGateOutcome))]
public sealed partial class CodeGateJsonContext : JsonSerializerContext;
