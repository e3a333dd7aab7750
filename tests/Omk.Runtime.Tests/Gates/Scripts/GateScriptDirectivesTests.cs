using Omk.Gates.Scripts;
using Omk.Testing;

namespace Omk.Tests.Gates.Scripts;

/// <summary><c>#r</c> and <c>#I</c> are refused before compiling, except where omk does not compile them.</summary>
public sealed class GateScriptDirectivesTests
{
    [Fact]
    public void References_and_include_paths_are_errors_at_their_line_and_column()
    {
        using var dir = new TempDirectory();
        var script = dir.Write("gates/a.fsx", string.Join('\n',
            "#r \"nuget: Newtonsoft.Json, 13.0.3\"",
            "  #r @\"lib/Tool.dll\"",
            "#I \"lib\"",
            "#reference \"x.dll\"",
            "#load \"lib/helper.fsx\"",
            "#if DEBUG",
            "#endif",
            "open Omk.Gates",
            "let r = \"#r is only text here\"",
            "gate \"a\" { run \"true\" }"));

        var errors = GateScriptDirectives.Check([script]);

        Assert.Equal(["1,1 #r", "2,3 #r", "3,1 #I", "4,1 #r"], errors.Select(e => $"{e.Line},{e.Column} {e.Message[..2]}"));
        Assert.All(errors, e => Assert.Equal(("error", "OMK0101", script), (e.Severity, e.Code, e.File)));
    }

    [Fact]
    public void Blocks_omk_leaves_out_may_reference_the_api_for_editors()
    {
        using var dir = new TempDirectory();
        var script = dir.Write("gates/a.fsx", string.Join('\n',
            "#if !OMK",
            "#r \"../tools/Omk.Gates.dll\"",
            "#else",
            "#r \"compiled.dll\"",
            "#endif",
            "#if INTERACTIVE",
            "#r \"fsi.dll\"",
            "#endif",
            "#if OMK",
            "let x = 1",
            "#else",
            "#I \"editor-only\"",
            "#endif",
            "#if SOMETHING",
            "#r \"unknown.dll\"",
            "#endif"));

        Assert.Equal([4, 15], GateScriptDirectives.Check([script]).Select(e => e.Line));
    }
}
