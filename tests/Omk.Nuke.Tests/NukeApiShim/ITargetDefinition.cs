// Shim of Nuke.Common's ITargetDefinition: only the members the component uses.
namespace Nuke.Common;

public interface ITargetDefinition
{
    ITargetDefinition Description(string description);

    ITargetDefinition Executes(Action action);
}
