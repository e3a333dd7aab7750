using Omk.Gates;

namespace Omk.Tests.Gates;

public sealed class CommandLineGateSourceTests
{
    private static readonly CommandLineGateSource Source = new([]);

    [Theory]
    [InlineData("build=dotnet build --nologo", "dotnet", new[] { "build", "--nologo" })]
    [InlineData("t=printf '%s' \"a b\" c\\ d", "printf", new[] { "%s", "a b", "c d" })]
    [InlineData("  spaced = echo  x ", "echo", new[] { "x" })]
    [InlineData("eq=echo a=b", "echo", new[] { "a=b" })]
    [InlineData("q=echo 'a|b' \"x && y\"", "echo", new[] { "a|b", "x && y" })]
    public void Commands_are_split_into_program_and_arguments_without_a_shell(string spec, string program, string[] args)
    {
        var gate = Source.Parse(spec);
        Assert.Equal(program, gate.Command!.Program);
        Assert.Equal(args, gate.Command.Arguments);
        Assert.False(gate.Command.IsShell);
    }

    [Fact]
    public void A_bang_prefix_runs_the_command_through_the_shell()
    {
        var gate = Source.Parse("lint=!npm run lint && npm test");
        Assert.True(gate.Command!.IsShell);
        Assert.Equal("npm run lint && npm test", gate.Command.ShellScript);
        Assert.Equal("npm run lint && npm test", gate.Command.CommandLine);
    }

    [Theory]
    [InlineData("nothing", "expected name=command")]
    [InlineData("=true", "gate name")]
    [InlineData("a b=true", "gate name")]
    [InlineData("x=", "empty")]
    [InlineData("x=!", "empty")]
    [InlineData("x=echo 'open", "unbalanced single quote")]
    [InlineData("x=echo \"open", "unbalanced double quote")]
    [InlineData("x=echo a | wc", "'|'")]
    [InlineData("x=make && make test", "'&&'")]
    [InlineData("x=echo $HOME", "'$'")]
    [InlineData("x=echo hi > out.txt", "'>'")]
    public void Malformed_specifications_name_the_option_and_the_problem(string spec, string expected)
    {
        var ex = Assert.Throws<GateConfigurationException>(() => Source.Parse(spec));
        Assert.Contains($"--gate '{spec}'", ex.Message, StringComparison.Ordinal);
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }
}
