using System.Text.Json;
using Omk.Testing;

namespace Omk.Tests;

/// <summary>Messages a user meets first: doctor's node check, help of every command, usage errors, readable timelines.</summary>
public sealed class SmallMessageTests
{
    [Fact]
    public async Task Doctor_says_node_is_too_old_for_the_installed_kimi_and_how_to_fix_it()
    {
        using var root = new TempDirectory("omk-doctor");
        // An npm-installed kimi whose package needs node >= 22.19 and which, like the real one, crashes on older node.
        root.Write("kimi/node_modules/@moonshot-ai/kimi-code/package.json", """{ "name": "@moonshot-ai/kimi-code", "engines": { "node": ">=22.19.0" } }""");
        var main = root.Write("kimi/node_modules/@moonshot-ai/kimi-code/dist/main.mjs", "#!/bin/sh\necho \"SyntaxError: The requested module 'node:zlib' does not provide an export named 'createZstdDecompress'\" >&2\nexit 1\n");
        var node = root.Write("bin/node", "#!/bin/sh\necho v20.20.2\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(main, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            File.SetUnixFileMode(node, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        Directory.CreateDirectory(root.Combine("kimi", "node_modules", ".bin"));
        File.CreateSymbolicLink(root.Combine("kimi", "node_modules", ".bin", "kimi"), "../@moonshot-ai/kimi-code/dist/main.mjs");

        var doctor = await OmkProcess.RunAsync(root.Path, new Dictionary<string, string?>
        {
            ["PATH"] = root.Combine("bin") + ":" + Environment.GetEnvironmentVariable("PATH"),
            ["OMK_KIMI"] = root.Combine("kimi", "node_modules", ".bin", "kimi"),
        }, "doctor", "--json");

        Assert.True(doctor.ExitCode == 1, doctor.ToString());
        var checks = JsonDocument.Parse(doctor.Stdout).RootElement.EnumerateArray().ToDictionary(c => c.GetProperty("check").GetString()!, c => c.Clone());
        var nodeCheck = checks["node"];
        Assert.False(nodeCheck.GetProperty("ok").GetBoolean());
        var detail = nodeCheck.GetProperty("detail").GetString()!;
        Assert.Contains("node v20.20.2 is too old: kimi needs node >= 22.19.0", detail, StringComparison.Ordinal);
        Assert.Contains("kimi-code/package.json", detail, StringComparison.Ordinal);
        Assert.Contains("nvm install 22", detail, StringComparison.Ordinal);
        var kimi = checks["kimi"].GetProperty("detail").GetString()!;
        Assert.Contains("SyntaxError", kimi, StringComparison.Ordinal);
        Assert.Contains("too old", kimi, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Gates_exec_help_prints_its_options()
    {
        var help = await OmkProcess.RunAsync(RepoPaths.Root, "gates", "exec", "--help");
        Assert.True(help.ExitCode == 0, help.ToString());
        Assert.Contains("--invocation <FILE>", help.Stdout, StringComparison.Ordinal);
        Assert.Contains("--result <FILE>", help.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bogus_approval_policy_is_a_one_line_usage_error_without_a_parameter_name()
    {
        var result = await OmkProcess.RunAsync(RepoPaths.Root, "agent", "run", "hi", "--approval", "bogus");
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Equal("omk: --approval: approval policy 'bogus' is not one of never, safe, yolo, pattern:REGEX.", result.Stderr.Trim());
    }

    [Fact]
    public async Task Runs_show_prints_apostrophes_as_they_are()
    {
        using var repo = new TempGitRepo();
        var proof = await OmkProcess.RunAsync(repo.Path, "proof", "--gate", "a=false", "--gate", "b=true", "--after", "b:a");
        Assert.True(proof.ExitCode == 1, proof.ToString());

        var show = await OmkProcess.RunAsync(repo.Path, "runs", "show", "latest");
        Assert.True(show.ExitCode == 0, show.ToString());
        Assert.Contains("reason=\"dependency 'a' failed\"", show.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("\\u0027", show.Stdout, StringComparison.Ordinal);
    }
}
