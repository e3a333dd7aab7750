namespace Omk.Agents.Tests.Support;

/// <summary>The environment of an omk process that drives the real kimi offline: an isolated home and kimi config, no telemetry or updates.</summary>
public static class KimiEnvironment
{
    public static Dictionary<string, string> Isolated(string home, string codeHome, AgentToolPaths tools) => new()
    {
        ["HOME"] = home,
        ["KIMI_CODE_HOME"] = codeHome,
        ["KIMI_DISABLE_TELEMETRY"] = "1",
        ["KIMI_CODE_NO_AUTO_UPDATE"] = "1",
        ["OMK_KIMI"] = tools.Kimi,
        ["PATH"] = tools.NodeBin + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH"),
        ["CI"] = "true",
    };
}
