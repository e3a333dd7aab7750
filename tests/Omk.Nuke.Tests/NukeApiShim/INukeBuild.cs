// Shim of Nuke.Common's INukeBuild: only RootDirectory and the two TryGetValue overloads the component uses.
#nullable disable // Nuke.Common is not nullable-annotated (it uses JetBrains [CanBeNull]); nor is this shim.
using System.Linq.Expressions;
using Nuke.Common.IO;

namespace Nuke.Common;

public interface INukeBuild
{
    AbsolutePath RootDirectory { get; }

    T TryGetValue<T>(Expression<Func<T>> parameterExpression)
        where T : class;

    T TryGetValue<T>(Expression<Func<object>> parameterExpression);
}
