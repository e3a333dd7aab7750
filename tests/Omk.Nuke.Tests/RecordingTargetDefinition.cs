using Nuke.Common;

namespace Omk.Tests.Nuke;

/// <summary>Records what a target definition declares, the way Nuke's would, so its action can be invoked.</summary>
internal sealed class RecordingTargetDefinition : ITargetDefinition
{
    public string? DescriptionText { get; private set; }

    public List<Action> Actions { get; } = [];

    public ITargetDefinition Description(string description)
    {
        DescriptionText = description;
        return this;
    }

    public ITargetDefinition Executes(Action action)
    {
        Actions.Add(action);
        return this;
    }
}
