namespace Omk.Agents.Wire.Tests;

public sealed class KimiWireCommandTests
{
    [Fact]
    public void The_command_line_follows_kimi_cli_options_and_isolates_its_state()
    {
        using var temp = new Omk.Testing.TempDirectory("omk-wire");
        var options = KimiWire.Isolated(temp.Combine("state")) with
        {
            Model = "kimi-k2",
            Thinking = false,
            Yolo = true,
            MaxStepsPerTurn = 7,
            Session = "s-1",
            ExtraArguments = ["--add-dir", "/x"],
        };
        var command = KimiWire.Command(temp.Path, options);

        Assert.Equal("kimi", command.Program);
        Assert.Equal(
            ["--wire", "--work-dir", temp.Path, "--session", "s-1", "--yolo", "--model", "kimi-k2", "--no-thinking", "--max-steps-per-turn", "7", "--add-dir", "/x"],
            command.Arguments);
        Assert.Equal(temp.Path, command.WorkingDirectory);
        Assert.Equal(temp.Combine("state", "share"), command.Environment["KIMI_SHARE_DIR"]);
        Assert.Equal(temp.Combine("state", "home"), command.Environment["HOME"]);
        Assert.True(Directory.Exists(temp.Combine("state", "share")));
        Assert.True(Directory.Exists(temp.Combine("state", "home")));
    }

    [Fact]
    public void By_default_it_runs_kimi_wire_in_the_work_directory_and_leaves_the_environment_alone()
    {
        var command = KimiWire.Command("/tmp");
        Assert.Equal(["--wire", "--work-dir", "/tmp"], command.Arguments);
        Assert.Empty(command.Environment);
        Assert.Equal("kimi --wire --work-dir /tmp", command.CommandLine);
    }
}
