namespace Omk.Gates.Scripts;

/// <summary>What loading gate scripts did: the assembly, whether it was compiled (a cache miss), and timings.</summary>
public sealed record GateScriptLoad(
    string AssemblyPath,
    bool Compiled,
    TimeSpan CompileTime,
    TimeSpan DeclareTime,
    IReadOnlyList<string> Files,
    IReadOnlyList<GateScriptDiagnostic> Warnings);
