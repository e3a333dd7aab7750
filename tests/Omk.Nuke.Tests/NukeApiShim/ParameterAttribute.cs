// Shim of Nuke.Common's ParameterAttribute.
namespace Nuke.Common;

[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property)]
public sealed class ParameterAttribute(string? description = null) : Attribute
{
    public string? Description { get; } = description;
}
