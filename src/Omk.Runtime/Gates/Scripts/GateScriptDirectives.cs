namespace Omk.Gates.Scripts;

/// <summary>
/// Directives gate scripts cannot use, found before compiling. <c>#r</c> (a NuGet package or an assembly) compiles
/// but the assembly is not there when the gates run (and its content is not part of the cache key); <c>#I</c> makes
/// <c>#load</c> find files the cache does not follow, so an edit to them would not recompile.
/// </summary>
public static class GateScriptDirectives
{
    public const string Code = "OMK0101";

    private const string ReferenceMessage =
        "#r is not supported in gate scripts: they are compiled and run without package restore or extra assemblies. " +
        "The .NET runtime's assemblies, FSharp.Core and Omk.Gates are always referenced; run other tools from a command gate.";

    private const string IncludeMessage =
        "#I is not supported in gate scripts: write #load paths relative to the script, so the cache sees every loaded file.";

    /// <summary>
    /// An error for every <c>#r</c>/<c>#reference</c> and <c>#I</c>/<c>#include</c> line of the given files, except in
    /// blocks omk does not compile: <c>#if !OMK</c> and <c>#if INTERACTIVE</c> (where editors get their <c>#r</c>).
    /// </summary>
    public static IReadOnlyList<GateScriptDiagnostic> Check(IEnumerable<string> files)
    {
        var errors = new List<GateScriptDiagnostic>();
        foreach (var file in files.Where(File.Exists))
        {
            var number = 0;
            var blocks = new Stack<Block>(); // the open #if blocks
            foreach (var line in File.ReadLines(file))
            {
                number++;
                var text = line.AsSpan().TrimStart();
                var column = line.Length - text.Length + 1;
                if (IsDirective(text, "#if"))
                {
                    var condition = text[3..].Trim().ToString();
                    blocks.Push(new Block(
                        IfLeftOut: condition is "!OMK" or "INTERACTIVE",
                        ElseLeftOut: condition is "OMK" or "!INTERACTIVE",
                        InElse: false));
                    continue;
                }

                if (IsKeyword(text, "#else"))
                {
                    if (blocks.TryPop(out var block))
                    {
                        blocks.Push(block with { InElse = true });
                    }

                    continue;
                }

                if (IsKeyword(text, "#endif"))
                {
                    blocks.TryPop(out _);
                    continue;
                }

                if (blocks.Any(b => b.InElse ? b.ElseLeftOut : b.IfLeftOut))
                {
                    continue;
                }

                if (IsDirective(text, "#r") || IsDirective(text, "#reference"))
                {
                    errors.Add(new GateScriptDiagnostic(file, number, column, "error", Code, ReferenceMessage));
                }
                else if (IsDirective(text, "#I") || IsDirective(text, "#include"))
                {
                    errors.Add(new GateScriptDiagnostic(file, number, column, "error", Code, IncludeMessage));
                }
            }
        }

        return errors;
    }

    private static bool IsKeyword(ReadOnlySpan<char> text, string keyword) =>
        text.StartsWith(keyword, StringComparison.Ordinal) && (text.Length == keyword.Length || char.IsWhiteSpace(text[keyword.Length]) || text[keyword.Length] == '/');

    // The directive, then whitespace or the opening quote of its argument (so #r does not match #reference or #if).
    private static bool IsDirective(ReadOnlySpan<char> text, string directive) =>
        text.StartsWith(directive, StringComparison.Ordinal)
        && text.Length > directive.Length
        && (char.IsWhiteSpace(text[directive.Length]) || text[directive.Length] is '"' or '@');

    // What omk leaves out of an #if block when it compiles (only the conditions it can be sure of: OMK is defined,
    // INTERACTIVE is not); anything else is checked in both branches.
    private sealed record Block(bool IfLeftOut, bool ElseLeftOut, bool InElse);
}
