// Shim of Nuke.Common.IO.AbsolutePath: a path that converts to string.
namespace Nuke.Common.IO;

public sealed class AbsolutePath(string path)
{
    public static implicit operator string(AbsolutePath path) => path.ToString();

    public override string ToString() => path;
}
