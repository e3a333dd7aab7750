using Omk.Evidence;

namespace Omk.Tests.Evidence;

public sealed class DiagnosticLineTests
{
    [Theory]
    [InlineData("/repo/src/X.cs(68,13): error CS1002: ; expected [/repo/src/X.csproj]", "error", "CS1002", "/repo/src/X.cs", 68, 13, "; expected")]
    [InlineData("  /repo/src/X.cs(68,13): warning CS8618: Non-nullable property 'Name' [/repo/a b/X.csproj]", "warning", "CS8618", "/repo/src/X.cs", 68, 13, "Non-nullable property 'Name'")]
    [InlineData("src/Y.fs(4): error FS0039: The value 'x' is not defined.", "error", "FS0039", "src/Y.fs", 4, null, "The value 'x' is not defined.")]
    [InlineData("MSBUILD : error MSB1009: Project file does not exist.", "error", "MSB1009", null, null, null, "Project file does not exist.")]
    [InlineData("/repo/A/A.csproj : error NU1101: Unable to find package Nope.", "error", "NU1101", "/repo/A/A.csproj", null, null, "Unable to find package Nope.")]
    [InlineData("12>/repo/src/X.cs(1,2,1,9): error CS0246: The type 'Foo' could not be found", "error", "CS0246", "/repo/src/X.cs", 1, 2, "The type 'Foo' could not be found")]
    [InlineData("C:\\src\\X.cs(3,5): error CS1002: ; expected", "error", "CS1002", "C:\\src\\X.cs", 3, 5, "; expected")]
    [InlineData("/repo/build.proj(10,5): error : custom failure", "error", null, "/repo/build.proj", 10, 5, "custom failure")]
    public void Reads_canonical_diagnostics(string line, string severity, string? code, string? file, int? lineNumber, int? column, string message)
    {
        Assert.True(DiagnosticLine.TryParse(line, out var p));
        Assert.Equal((severity, code, file, lineNumber, column, message), (p.Severity, p.Code, p.File, p.Line, p.Column, p.Message));
    }

    [Theory]
    [InlineData("Build succeeded.")]
    [InlineData("    0 Error(s)")]
    [InlineData("warning: LF will be replaced by CRLF in x.txt")]
    [InlineData("Failed!  - Failed:     2, Passed:     3, Skipped:     0, Total:     5")]
    [InlineData("  Error Message:")]
    [InlineData("note: error handling is described below: see docs")]
    [InlineData("")]
    public void Ignores_other_lines(string line) => Assert.False(DiagnosticLine.TryParse(line, out _));
}
