namespace Omk.Gates.Scripts;

/// <summary>Gate scripts cannot be used: they do not compile, or they threw while declaring gates. A usage error (exit 2).</summary>
public sealed class GateScriptException : Exception
{
    public GateScriptException(string message, IReadOnlyList<GateScriptDiagnostic> diagnostics)
        : base(message) => Diagnostics = diagnostics;

    public GateScriptException(string message)
        : this(message, [])
    {
    }

    public GateScriptException(string message, Exception inner)
        : base(message, inner) => Diagnostics = [];

    public GateScriptException()
        : this("Gate scripts failed.")
    {
    }

    public IReadOnlyList<GateScriptDiagnostic> Diagnostics { get; }
}
