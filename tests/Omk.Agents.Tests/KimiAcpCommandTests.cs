using Omk.Agents.Acp;
using Omk.Testing;

namespace Omk.Agents.Tests;

/// <summary>The command and settings for the real Kimi CLI, and finding its executable.</summary>
public sealed class KimiAcpCommandTests
{
    [Fact]
    public void The_command_runs_kimi_acp_with_an_isolated_home_and_no_telemetry()
    {
        using var dir = new TempDirectory("omk-kimi-cmd");
        var command = KimiAcp.Command("/opt/kimi/bin/kimi", dir.Path, dir.Combine("home"), new Dictionary<string, string?> { ["PATH"] = "/node22/bin", ["KIMI_DISABLE_TELEMETRY"] = "0" });

        Assert.Equal("/opt/kimi/bin/kimi", command.Program);
        Assert.Equal(["acp"], command.Arguments);
        Assert.Equal(dir.Path, command.WorkingDirectory);
        Assert.Equal(dir.Combine("home"), command.Environment["HOME"]);
        Assert.Equal(dir.Combine("home", ".kimi-code"), command.Environment["KIMI_CODE_HOME"]);
        Assert.Equal("1", command.Environment["KIMI_CODE_NO_AUTO_UPDATE"]);
        Assert.Equal("0", command.Environment["KIMI_DISABLE_TELEMETRY"]); // extra environment is applied last
        Assert.Equal("/node22/bin", command.Environment["PATH"]);
        Assert.Equal(dir.Combine("home", ".kimi-code", "sessions"), KimiAcp.Settings(command).KimiSessionsDirectory);
        Assert.Null(KimiAcp.Settings(command).Mode);
    }

    [Fact]
    public void Locate_finds_kimi_on_the_given_path_or_an_explicit_file_and_says_how_to_install_it_otherwise()
    {
        using var dir = new TempDirectory("omk-kimi-find");
        var kimi = dir.Write("bin/kimi", "#!/bin/sh\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(kimi, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        Assert.Equal(kimi, KimiAcp.Locate(searchPath: dir.Combine("empty") + Path.PathSeparator + dir.Combine("bin")));
        Assert.Equal(kimi, KimiAcp.Locate(explicitPath: kimi));
        var missing = Assert.Throws<AgentStartException>(() => KimiAcp.Locate(searchPath: dir.Combine("empty")));
        Assert.Contains("npm install -g @moonshot-ai/kimi-code", missing.Message);
        Assert.Contains("not found on PATH", missing.Message);
    }
}
