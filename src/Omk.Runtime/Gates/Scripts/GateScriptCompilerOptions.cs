namespace Omk.Gates.Scripts;

/// <summary>The fixed compiler options for gate scripts (part of the cache key).</summary>
public static class GateScriptCompilerOptions
{
    public static IReadOnlyList<string> Flags { get; } =
    [
        "--target:exe", "--noframework", "--simpleresolution", "--targetprofile:netcore", "--nowin32manifest",
        "--debug:portable", "--optimize-", "--nologo", "--warn:3", "--define:OMK", "--langversion:latest",
    ];

    public static string Fingerprint { get; } = string.Join(' ', Flags);
}
