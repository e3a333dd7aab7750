namespace Omk.Affected;

/// <summary>
/// The MSBuild projects of a repository as evaluated (conditions, <c>Directory.Build.props</c> and imports applied):
/// every project, the projects each one references, and the files each one uses outside its own folder (linked
/// <c>Compile</c>, <c>None</c>, <c>Content</c>, <c>EmbeddedResource</c>, <c>AdditionalFiles</c> items). Paths are
/// repository-relative with <c>/</c>; <see cref="How"/> says how the graph was read, for the proof.
/// </summary>
public sealed record ProjectGraph(
    IReadOnlyList<string> Projects,
    IReadOnlyDictionary<string, IReadOnlyList<string>> References,
    IReadOnlyDictionary<string, IReadOnlyList<string>> OutsideFiles,
    string How)
{
    /// <summary>Projects MSBuild could not evaluate (a template, a missing import), with why: they count as affected.</summary>
    public IReadOnlyDictionary<string, string> Unevaluated { get; init; } = new Dictionary<string, string>();

    public static ProjectGraph Empty { get; } = new([], new Dictionary<string, IReadOnlyList<string>>(), new Dictionary<string, IReadOnlyList<string>>(), "no project in the repository");
}
