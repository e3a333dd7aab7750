using System.Linq.Expressions;
using Nuke.Common;
using Nuke.Common.IO;

namespace Omk.Tests.Nuke;

/// <summary>A build class using the components (IOmkGoal includes IOmkProof), with parameters injected the way Nuke's TryGetValue would.</summary>
internal sealed class ShimBuild(string root, IReadOnlyDictionary<string, object?> parameters) : IOmkGoal
{
    public AbsolutePath RootDirectory { get; } = new(root);

    public T TryGetValue<T>(Expression<Func<T>> parameterExpression)
        where T : class => (T)Lookup(parameterExpression.Body)!;

    public T TryGetValue<T>(Expression<Func<object>> parameterExpression) => (T)Lookup(parameterExpression.Body)!;

    private object? Lookup(Expression body)
    {
        while (body is UnaryExpression unary)
        {
            body = unary.Operand;
        }

        var name = ((MemberExpression)body).Member.Name;
        return parameters.TryGetValue(name, out var value) ? value : null;
    }

    public ITargetDefinition Define(Func<IOmkGoal, Target> target)
    {
        var definition = new RecordingTargetDefinition();
        target(this)(definition);
        return definition;
    }
}
