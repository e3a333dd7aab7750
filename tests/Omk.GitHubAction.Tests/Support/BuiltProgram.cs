namespace Omk.GitHubAction.Tests.Support;

/// <summary>Tests that run (or rebuild) the built program share one collection, so a rebuild never races a run.</summary>
[CollectionDefinition(Collection)]
public sealed class BuiltProgram
{
    public const string Collection = "built program";
}
