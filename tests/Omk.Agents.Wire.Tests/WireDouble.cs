using Omk.Testing;
using Omk.WireDouble.Scenarios;

namespace Omk.Agents.Wire.Tests;

/// <summary>The built Omk.WireDouble (a fake <c>kimi --wire</c>) in its own output folder, and the scripts it plays.</summary>
internal static class WireDouble
{
    /// <summary>tests/Omk.WireDouble/bin/&lt;Configuration&gt;/net10.0/Omk.WireDouble.dll, same configuration as the tests.</summary>
    public static string DllPath { get; } = Locate();

    public static string RecordingsPath => Path.Combine(Path.GetDirectoryName(DllPath)!, "Recordings", "kimi-wire-transcripts.json");

    public static string SpecScenariosPath => Path.Combine(Path.GetDirectoryName(DllPath)!, "Recordings", "spec-scenarios.json");

    /// <summary>The 41 recorded exchanges, by key.</summary>
    public static IReadOnlyDictionary<string, WireScenario> Recorded { get; } = WireScenario.LoadAll(RecordingsPath);

    /// <summary>Scenarios written from the spec for what the recordings do not show (subagents, hooks, unknown types …).</summary>
    public static IReadOnlyDictionary<string, WireScenario> FromSpec { get; } = WireScenario.LoadAll(SpecScenariosPath);

    public static WireScenario Scenario(string key) => Recorded.TryGetValue(key, out var s) ? s : FromSpec[key];

    private static string Locate() => RepoPaths.Built("tests/Omk.WireDouble", "net10.0", "Omk.WireDouble.dll");
}
