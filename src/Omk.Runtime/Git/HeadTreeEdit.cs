using System.Text;

namespace Omk.Git;

/// <summary>
/// Writes the tree of HEAD with the given paths taken from the work tree (a file's content and executable bit, or its
/// deletion), without any index: <c>git hash-object -w --stdin-paths</c> for the files, <c>git cat-file --batch</c> for
/// the folders they are in, and <c>git mktree --batch</c> once per folder depth, deepest first. Null, for the caller to
/// fall back on the index, whenever the paths are out of the ordinary (a symbolic link, a submodule, a folder where a
/// file was, a name with a tab or a newline, a SHA-256 repository, Windows).
/// </summary>
internal static class HeadTreeEdit
{
    public static async Task<string?> WriteAsync(string topLevel, string headTree, IReadOnlyList<string> paths, CancellationToken cancellationToken)
    {
        var distinct = paths.Distinct(StringComparer.Ordinal).ToList();
        if (OperatingSystem.IsWindows() || headTree.Length != 40 || distinct.Count == 0 || !distinct.All(Plain))
        {
            return null;
        }

        var present = new List<string>();
        var edits = new Dictionary<string, Dictionary<string, string?>>(StringComparer.Ordinal) { [string.Empty] = new(StringComparer.Ordinal) };
        var modes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var path in distinct)
        {
            var full = Path.Combine(topLevel, path);
            var info = new FileInfo(full);
            if (Directory.Exists(full) || info.LinkTarget is not null)
            {
                return null; // a submodule, a folder, or a symbolic link: the index knows better
            }

            if (info.Exists)
            {
                present.Add(path);
                modes[path] = (File.GetUnixFileMode(full) & UnixFileMode.UserExecute) != 0 ? "100755" : "100644";
            }

            for (var (dir, name) = Split(path); ; (dir, name) = Split(dir))
            {
                if (!edits.TryGetValue(dir, out var folder))
                {
                    edits[dir] = folder = new(StringComparer.Ordinal);
                }

                if (dir.Length == 0)
                {
                    break;
                }
            }
        }

        var git = new GitCli(topLevel, TimeSpan.FromMinutes(5));
        if (present.Count > 0)
        {
            var hashed = await git.RunAsync(["hash-object", "-w", "--stdin-paths"], null, string.Concat(present.Select(p => p + "\n")), cancellationToken).ConfigureAwait(false);
            var oids = hashed.StdoutText.Split('\n');
            if (!hashed.Succeeded || oids.Length != present.Count)
            {
                return null;
            }

            for (var i = 0; i < present.Count; i++)
            {
                var (dir, name) = Split(present[i]);
                edits[dir][name] = $"{modes[present[i]]} blob {oids[i].Trim()}";
            }
        }

        foreach (var deleted in distinct.Except(present, StringComparer.Ordinal))
        {
            var (dir, name) = Split(deleted);
            edits[dir].TryAdd(name, null);
        }

        var existing = await ReadFoldersAsync(git, headTree, edits.Keys.ToList(), cancellationToken).ConfigureAwait(false);
        if (existing is null)
        {
            return null;
        }

        // Deepest first: a folder's new tree becomes an entry of its parent (or its removal, when it is left empty).
        var written = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var level in edits.Keys.GroupBy(Depth).OrderByDescending(g => g.Key))
        {
            var batch = new List<(string Dir, string Input)>();
            foreach (var dir in level)
            {
                var entries = new Dictionary<string, string>(existing[dir], StringComparer.Ordinal);
                foreach (var (name, entry) in edits[dir])
                {
                    if (entry is null)
                    {
                        entries.Remove(name);
                    }
                    else if (entries.TryGetValue(name, out var old) && old.StartsWith("040000", StringComparison.Ordinal) && !entry.StartsWith("040000", StringComparison.Ordinal))
                    {
                        return null; // a file where a folder was: left to the index
                    }
                    else
                    {
                        entries[name] = entry;
                    }
                }

                foreach (var child in edits.Keys.Where(k => k.Length > 0 && Split(k).Dir == dir))
                {
                    var name = Split(child).Name;
                    if (written[child] is { } tree)
                    {
                        entries[name] = "040000 tree " + tree;
                    }
                    else
                    {
                        entries.Remove(name);
                    }
                }

                if (entries.Count == 0)
                {
                    if (dir.Length == 0)
                    {
                        return null; // nothing left at all: left to the index
                    }

                    written[dir] = null;
                    continue;
                }

                batch.Add((dir, string.Concat(entries.Select(e => $"{e.Value}\t{e.Key}\n"))));
            }

            if (batch.Count == 0)
            {
                continue;
            }

            var made = await git.RunAsync(["mktree", "--missing", "--batch"], null, string.Join("\n", batch.Select(b => b.Input)), cancellationToken).ConfigureAwait(false);
            var trees = made.StdoutText.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            if (!made.Succeeded || trees.Length != batch.Count)
            {
                return null;
            }

            for (var i = 0; i < batch.Count; i++)
            {
                written[batch[i].Dir] = trees[i].Trim();
            }
        }

        return written.GetValueOrDefault(string.Empty);
    }

    // Each folder's entries in HEAD, as mktree input lines by name ("<mode> <type> <oid>"); a folder HEAD lacks has none.
    private static async Task<Dictionary<string, Dictionary<string, string>>?> ReadFoldersAsync(
        GitCli git, string headTree, IReadOnlyList<string> folders, CancellationToken cancellationToken)
    {
        var input = string.Concat(folders.Select(f => (f.Length == 0 ? headTree : headTree + ":" + f) + "\n"));
        var result = await git.RunAsync(["cat-file", "--batch"], null, input, cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            return null;
        }

        var output = result.Stdout;
        var position = 0;
        var listing = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        foreach (var folder in folders)
        {
            var end = Array.IndexOf(output, (byte)'\n', position);
            if (end < 0)
            {
                return null;
            }

            var header = Encoding.UTF8.GetString(output, position, end - position).Split(' ');
            position = end + 1;
            var entries = new Dictionary<string, string>(StringComparer.Ordinal);
            listing[folder] = entries;
            if (header.Length == 2 && header[1] == "missing")
            {
                continue; // a new folder
            }

            if (header.Length != 3 || header[1] != "tree" || !int.TryParse(header[2], out var size))
            {
                return null; // a file where a folder is expected
            }

            for (var at = position; at < position + size;)
            {
                var space = Array.IndexOf(output, (byte)' ', at);
                var nul = Array.IndexOf(output, (byte)0, space);
                var mode = Encoding.ASCII.GetString(output, at, space - at);
                var name = Encoding.UTF8.GetString(output, space + 1, nul - space - 1);
                var oid = Convert.ToHexString(output, nul + 1, 20).ToLowerInvariant();
                var type = mode == "40000" ? "tree" : mode == "160000" ? "commit" : "blob";
                entries[name] = $"{(mode == "40000" ? "040000" : mode)} {type} {oid}";
                at = nul + 21;
            }

            position += size + 1;
        }

        return listing;
    }

    private static (string Dir, string Name) Split(string path)
    {
        var slash = path.LastIndexOf('/');
        return slash < 0 ? (string.Empty, path) : (path[..slash], path[(slash + 1)..]);
    }

    private static int Depth(string dir) => dir.Length == 0 ? 0 : dir.Count(c => c == '/') + 1;

    private static bool Plain(string path) =>
        path.Length > 0 && !path.Contains('\n') && !path.Contains('\t') && !path.Contains('\\')
        && path.Split('/').All(part => part.Length > 0 && part is not "." and not ".." && !part.Equals(".git", StringComparison.OrdinalIgnoreCase));
}
