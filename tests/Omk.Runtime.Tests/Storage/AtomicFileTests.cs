using Omk.Storage;
using Omk.Testing;

namespace Omk.Tests.Storage;

/// <summary>Atomic writes: whole new content in place of the old, durable or quick, and no temporary file left behind.</summary>
public sealed class AtomicFileTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_write_replaces_the_old_content_whole_and_leaves_no_temporary_file(bool durable)
    {
        using var directory = new TempDirectory("omk-atomic");
        var path = directory.Combine("sub", "state.txt");

        AtomicFile.WriteAllText(path, "first\n", durable);
        AtomicFile.WriteAllText(path, "second, longer than the first\n", durable);
        AtomicFile.WriteAllText(path, "3\n", durable);

        Assert.Equal("3\n", File.ReadAllText(path));
        Assert.Equal(["state.txt"], Directory.EnumerateFileSystemEntries(directory.Combine("sub")).Select(Path.GetFileName));
    }

    [Fact]
    public void A_quick_replace_moves_the_new_file_over_the_old_one_or_into_a_free_name()
    {
        using var directory = new TempDirectory("omk-atomic");
        var target = directory.Write("entry.json", "old\n");
        var staged = directory.Write("entry.json.1.tmp", "new\n");
        var other = directory.Write("other.tmp", "other\n");

        AtomicFile.ReplaceQuickly(staged, target);
        AtomicFile.ReplaceQuickly(other, directory.Combine("free.json"));

        Assert.Equal("new\n", File.ReadAllText(target));
        Assert.Equal("other\n", File.ReadAllText(directory.Combine("free.json")));
        Assert.False(File.Exists(staged));
        Assert.False(File.Exists(other));
    }
}
