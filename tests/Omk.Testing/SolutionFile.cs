using System.Text;

namespace Omk.Testing;

/// <summary>The text of a classic <c>.sln</c> holding C# projects, each built Debug|Any CPU and Release|Any CPU.</summary>
public static class SolutionFile
{
    /// <summary>A project of the solution: its name, its path relative to the solution (with '\'), and its GUID in braces.</summary>
    public sealed record Entry(string Name, string Path, string Guid);

    public static string Text(params Entry[] projects)
    {
        var sb = new StringBuilder();
        sb.Append("Microsoft Visual Studio Solution File, Format Version 12.00\n# Visual Studio Version 17\n")
            .Append("VisualStudioVersion = 17.0.31903.59\nMinimumVisualStudioVersion = 10.0.40219.1\n");
        foreach (var p in projects)
        {
            sb.Append($"Project(\"{{FAE04EC0-301F-11D3-BF4B-00C04F79EFBC}}\") = \"{p.Name}\", \"{p.Path}\", \"{p.Guid}\"\nEndProject\n");
        }

        sb.Append("Global\n\tGlobalSection(SolutionConfigurationPlatforms) = preSolution\n")
            .Append("\t\tDebug|Any CPU = Debug|Any CPU\n\t\tRelease|Any CPU = Release|Any CPU\n\tEndGlobalSection\n")
            .Append("\tGlobalSection(ProjectConfigurationPlatforms) = postSolution\n");
        foreach (var p in projects)
        {
            foreach (var configuration in new[] { "Debug", "Release" })
            {
                sb.Append($"\t\t{p.Guid}.{configuration}|Any CPU.ActiveCfg = {configuration}|Any CPU\n")
                    .Append($"\t\t{p.Guid}.{configuration}|Any CPU.Build.0 = {configuration}|Any CPU\n");
            }
        }

        return sb.Append("\tEndGlobalSection\nEndGlobal\n").ToString();
    }
}
