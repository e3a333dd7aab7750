namespace Omk.Gates.Scripts;

/// <summary>A compiler message about a gate script, located at file, line and column.</summary>
public sealed record GateScriptDiagnostic(string File, int Line, int Column, string Severity, string Code, string Message)
{
    /// <summary>The MSBuild/compiler shape: <c>gates/x.fsx(12,5): error FS0001: message</c>, with the file relative to <paramref name="root"/>.</summary>
    public string Format(string? root = null)
    {
        var file = root is null || !Path.IsPathRooted(File) ? File : Path.GetRelativePath(root, File);
        return $"{file.Replace('\\', '/')}({Line},{Column}): {Severity} {Code}: {Message}";
    }
}
