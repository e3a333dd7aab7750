using System.Text.Json;
using System.Text.RegularExpressions;
using Omk.Testing;

namespace Omk.Tasks.Tests;

/// <summary>
/// A consumer repository: a git repository with a solution of two net10.0 class libraries (A references B), a
/// Directory.Build.props referencing Omk.Tasks (PrivateAssets=all), a nuget.config that takes Omk.Tasks only from
/// the test feed (package source mapping) and everything else from nuget.org, and <c>gates/test.fsx</c>.
/// </summary>
public sealed class ScratchRepo : IDisposable
{
    public const string Solution = "Scratch.sln";

    /// <summary>The default gate script: one gate, passing, declared on line 3.</summary>
    public const string PassingGate = """
        open Omk.Gates

        gate "test" { shell "echo all good" }

        """;

    /// <summary>The same gate, failing (exit 1) with a first output line to find in the build's error.</summary>
    public const string FailingGate = """
        open Omk.Gates

        gate "test" { shell "echo expected 42 but got 41; echo more detail; exit 1" }

        """;

    private readonly TempGitRepo _git = new();
    private readonly OmkTasksPackage _package;

    /// <param name="gates">The gate script, or null for none (the auto-detected gates then apply).</param>
    /// <param name="folder">Where the solution and its projects live, e.g. <c>src/</c> (default: the root).</param>
    public ScratchRepo(OmkTasksPackage package, string? gates = PassingGate, string folder = "")
    {
        _package = package;
        Write(folder + "A/A.csproj", Project("<ItemGroup><ProjectReference Include=\"../B/B.csproj\" /></ItemGroup>"));
        Write(folder + "A/Answer.cs", "namespace A;\n\npublic static class Answer\n{\n    public static int Value => B.Question.Ask();\n}\n");
        Write(folder + "B/B.csproj", Project(string.Empty));
        Write(folder + "B/Question.cs", "namespace B;\n\npublic static class Question\n{\n    public static int Ask() => 6 * 7;\n}\n");
        Write(folder + Solution, SolutionText);
        Write("Directory.Build.targets", "<Project />\n");
        Write("Directory.Packages.props", "<Project />\n"); // nothing above the scratch repository is imported
        Write(".gitignore", "bin/\nobj/\n");
        Write("nuget.config", NuGetConfig(package));
        if (gates is not null)
        {
            Write("gates/test.fsx", gates);
        }

        ReferencePackage(true);
        _git.Commit("scratch consumer");
    }

    public string Path => _git.Path;

    /// <summary>The path as the build prints it: <see cref="Path"/>, or the same with symbolic links resolved.</summary>
    public string PathPattern => $"(?:{Regex.Escape(Path)}|{Regex.Escape(RealPath(Path))})";

    public string Write(string relative, string contents) => _git.Write(relative, contents);

    /// <summary>Writes Directory.Build.props with or without the Omk.Tasks package reference.</summary>
    public void ReferencePackage(bool reference) => Write(
        "Directory.Build.props",
        reference
            ? $"<Project>\n  <ItemGroup>\n    <PackageReference Include=\"Omk.Tasks\" Version=\"{OmkTasksPackage.Version}\" PrivateAssets=\"all\" />\n  </ItemGroup>\n</Project>\n"
            : "<Project>\n</Project>\n");

    /// <summary>Makes the solution build B (Debug) for <paramref name="platform"/> instead of Any CPU, A staying Any CPU.</summary>
    public void BuildBFor(string platform) => Write(
        Solution,
        string.Join('\n', SolutionText.Split('\n').Select(l => l.StartsWith($"\t\t{BGuid}.Debug", StringComparison.Ordinal) ? l.Replace("= Debug|Any CPU", $"= Debug|{platform}", StringComparison.Ordinal) : l)));

    /// <summary><c>dotnet args... --disable-build-servers</c> in the repository, with the run's packages folder.</summary>
    public Task<Dotnet.Result> DotnetAsync(params string[] args) =>
        Dotnet.RunAsync(Path, _package.Environment, [.. args, "--disable-build-servers"]);

    /// <summary>The same on a pseudo-terminal, where MSBuild's terminal logger is the default.</summary>
    public Task<Dotnet.Result> DotnetOnTerminalAsync(params string[] args) =>
        Dotnet.RunOnTerminalAsync(Path, _package.Environment, [.. args, "--disable-build-servers"]);

    /// <summary>The run directories under <c>&lt;state&gt;/runs</c> (default state: <c>.omk</c>).</summary>
    public IReadOnlyList<string> Runs(string? stateDirectory = null)
    {
        var runs = System.IO.Path.Combine(stateDirectory ?? System.IO.Path.Combine(Path, ".omk"), "runs");
        return Directory.Exists(runs) ? Directory.GetDirectories(runs) : [];
    }

    public static JsonElement Proof(string runDirectory)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(System.IO.Path.Combine(runDirectory, "proof.json")));
        return document.RootElement.Clone();
    }

    /// <summary>The lines of <paramref name="result"/> that match <paramref name="pattern"/> in full.</summary>
    public static IReadOnlyList<string> Matching(Dotnet.Result result, string pattern) =>
        result.Lines.Where(l => Regex.IsMatch(l, "^" + pattern + "$")).ToList();

    /// <summary>The path with every symbolic link along it resolved (e.g. macOS's /tmp → /private/tmp).</summary>
    public static string RealPath(string path)
    {
        var current = System.IO.Path.GetPathRoot(path)!;
        foreach (var part in System.IO.Path.GetRelativePath(current, path).Split(System.IO.Path.DirectorySeparatorChar))
        {
            current = System.IO.Path.Combine(current, part);
            if (new DirectoryInfo(current).ResolveLinkTarget(returnFinalTarget: true) is { } target)
            {
                current = target.FullName;
            }
        }

        return current;
    }

    public void Dispose() => _git.Dispose();

    private static string Project(string items) => SdkProject.Text(items);

    private static string NuGetConfig(OmkTasksPackage package) => $"""
        <?xml version="1.0" encoding="utf-8"?>
        <configuration>
          <config>
            <add key="globalPackagesFolder" value="{package.Packages}" />
          </config>
          <packageSources>
            <clear />
            <add key="local" value="{package.Feed}" />
            <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
          </packageSources>
          <packageSourceMapping>
            <packageSource key="local">
              <package pattern="Omk.Tasks" />
            </packageSource>
            <packageSource key="nuget.org">
              <package pattern="*" />
            </packageSource>
          </packageSourceMapping>
        </configuration>

        """;

    private const string BGuid = "{C5E965EB-A8B8-48AA-BF63-0357F0261F04}";

    private static readonly string SolutionText = SolutionFile.Text(
        new("A", "A\\A.csproj", "{2B920AA2-1525-4E28-81D0-9FA5E7B4D259}"),
        new("B", "B\\B.csproj", BGuid));
}
