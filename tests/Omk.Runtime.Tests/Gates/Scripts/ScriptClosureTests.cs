using Omk.Gates.Scripts;
using Omk.Testing;

namespace Omk.Tests.Gates.Scripts;

public sealed class ScriptClosureTests
{
    [Theory]
    [InlineData("#load \"a.fsx\"", new[] { "a.fsx" })]
    [InlineData("   #load   \"lib/a.fsx\" @\"b c.fsx\"", new[] { "lib/a.fsx", "b c.fsx" })]
    [InlineData("#load \"a.fsx\" // a comment \"x.fsx\"", new[] { "a.fsx" })]
    [InlineData("#load \"a.fsx\"\"b.fsx\"", new[] { "a.fsx" })]
    [InlineData("#load @ \"a.fsx\"", new string[0])]
    [InlineData("#load \"\"", new string[0])]
    [InlineData("#load \"unterminated.fsx", new string[0])]
    [InlineData("#loadx \"a.fsx\"", new string[0])]
    [InlineData("// #load \"a.fsx\"", new string[0])]
    [InlineData("#r \"a.dll\"", new string[0])]
    [InlineData("", new string[0])]
    public void Load_lines_give_their_paths(string line, string[] paths) =>
        Assert.Equal(paths, ScriptClosure.LoadedPaths(line));

    [Fact]
    public void The_closure_follows_loads_relative_to_each_script_once_dependencies_first()
    {
        using var dir = new TempDirectory();
        var main = dir.Write("gates/main.fsx", "#load \"lib/a.fsx\" \"lib/b.fsx\"\nopen Omk.Gates\n");
        var a = dir.Write("gates/lib/a.fsx", "#load \"b.fsx\"\nmodule A\n");
        var b = dir.Write("gates/lib/b.fsx", "module B\n");
        var other = dir.Write("gates/other.fsx", "  #load @\"lib/a.fsx\"\n");

        Assert.Equal([b, a, main, other], ScriptClosure.Resolve([main, other]));
    }
}
