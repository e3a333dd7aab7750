// Shim of Nuke.Common's Target delegate.
namespace Nuke.Common;

public delegate ITargetDefinition Target(ITargetDefinition definition);
