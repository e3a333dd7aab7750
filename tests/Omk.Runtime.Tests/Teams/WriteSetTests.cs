using Omk.Teams;

namespace Omk.Tests.Teams;

public sealed class WriteSetTests
{
    [Theory]
    [InlineData("src/Api/**", "src/Api/A.cs", true)]
    [InlineData("src/Api/**", "src/Api/Deep/B.cs", true)]
    [InlineData("src/Api/**", "src/Apix/B.cs", false)]
    [InlineData("src/*.cs", "src/A.cs", true)]
    [InlineData("src/*.cs", "src/x/A.cs", false)]
    [InlineData("**/*.md", "README.md", true)]
    [InlineData("**/*.md", "docs/a/b.md", true)]
    [InlineData("docs", "docs/a.md", true)]
    [InlineData("README.md", "README.md", true)]
    [InlineData("README.md", "README.mdx", false)]
    public void A_path_is_allowed_when_a_pattern_matches_it(string pattern, string path, bool allowed) =>
        Assert.Equal(allowed, new WriteSet([pattern]).Allows(path));

    [Fact]
    public void An_empty_write_set_allows_nothing() => Assert.False(new WriteSet([]).Allows("a.txt"));

    [Theory]
    [InlineData("src/Api/**", "src/Web/**", false)]
    [InlineData("src/Api/**", "src/Api/Models/**", true)]
    [InlineData("src/**", "src/Web/x.cs", true)]
    [InlineData("docs/a.md", "docs/b.md", false)]
    [InlineData("docs", "docs/b.md", true)]
    [InlineData("**/*.md", "src/Web/**", true)]
    public void Write_sets_overlap_when_a_path_could_be_in_both(string a, string b, bool overlap)
    {
        Assert.Equal(overlap, new WriteSet([a]).Overlaps(new WriteSet([b])));
        Assert.Equal(overlap, new WriteSet([b]).Overlaps(new WriteSet([a])));
    }
}
