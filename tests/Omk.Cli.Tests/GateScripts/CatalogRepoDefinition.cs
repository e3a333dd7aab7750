namespace Omk.Tests.GateScripts;

/// <summary>The test classes that share one <see cref="CatalogRepo"/> (compiled once).</summary>
[CollectionDefinition(Name)]
public sealed class CatalogRepoDefinition : ICollectionFixture<CatalogRepo>
{
    public const string Name = "gate script catalog";
}
