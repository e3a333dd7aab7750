using System.Text;
using Omk.Gates.Scripts;
using Omk.Testing;

namespace Omk.Tests.Fuzz;

/// <summary>Random and mutated gate scripts never crash the directive check or the #load closure: they give diagnostics or nothing.</summary>
public sealed class GateScriptDirectiveFuzzTests
{
    private const string Script = "#if INTERACTIVE\n#r \"nuget: Omk.Gates\"\n#else\n#load \"lib/common.fsx\"\n#endif\n#load @\"lib/other.fsx\" \"x.fsx\"\nopen Omk.Gates\ngate \"build\" { run \"true\" }\n";

    [Theory]
    [InlineData(21)]
    [InlineData(22)]
    [InlineData(23)]
    public void Mutated_scripts_give_diagnostics_or_nothing_and_never_throw(int seed)
    {
        var fuzz = new Mutator(seed);
        using var dir = new TempDirectory();
        var valid = Encoding.UTF8.GetBytes(Script);
        for (var i = 0; i < 400; i++)
        {
            var path = dir.Combine($"gates/s{i % 7}.fsx");
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var content = i % 3 == 0
                ? Encoding.UTF8.GetBytes(string.Join('\n', Enumerable.Range(0, 1 + fuzz.Next(12)).Select(_ => fuzz.FragmentLine())))
                : fuzz.Mutate(valid);
            File.WriteAllBytes(path, content);
            var closure = ScriptClosure.Resolve([path]);
            Assert.Contains(Path.GetFullPath(path), closure);
            foreach (var diagnostic in GateScriptDirectives.Check(closure))
            {
                Assert.Equal(GateScriptDirectives.Code, diagnostic.Code);
                Assert.True(diagnostic.Line >= 1 && diagnostic.Column >= 1, $"seed {seed}: {diagnostic.Line}:{diagnostic.Column}");
            }
        }
    }
}
