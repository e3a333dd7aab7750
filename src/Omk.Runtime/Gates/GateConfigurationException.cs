namespace Omk.Gates;

/// <summary>The gates cannot run as declared (bad option, duplicate name, unknown dependency, cycle). A usage error: exit 2.</summary>
public sealed class GateConfigurationException : Exception
{
    public GateConfigurationException(string message)
        : base(message)
    {
    }

    public GateConfigurationException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public GateConfigurationException()
    {
    }
}
