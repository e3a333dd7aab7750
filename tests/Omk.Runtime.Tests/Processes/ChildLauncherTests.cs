using System.Diagnostics;
using Omk.Processes;
using Omk.Testing;

namespace Omk.Runtime.Tests.Processes;

/// <summary>Whether children are launched through <c>env --default-signal=PIPE</c> is read from env's binary, not probed by running it.</summary>
public sealed class ChildLauncherTests
{
    [Fact]
    public void A_binary_naming_the_option_accepts_it_and_one_without_it_or_a_missing_one_does_not()
    {
        using var dir = new TempDirectory("omk-launcher");
        var knows = dir.Combine("env-new");
        File.WriteAllBytes(knows, [0x7f, (byte)'E', (byte)'L', (byte)'F', .. "ignore-environment\0default-signal\0block-signal\0"u8.ToArray()]);
        var old = dir.Combine("env-old");
        File.WriteAllBytes(old, [0x7f, (byte)'E', (byte)'L', (byte)'F', .. "ignore-environment\0unset\0"u8.ToArray()]);

        Assert.True(ChildLauncher.AcceptsDefaultSignal(knows));
        Assert.False(ChildLauncher.AcceptsDefaultSignal(old));
        Assert.False(ChildLauncher.AcceptsDefaultSignal(dir.Combine("missing")));
    }

    [Fact]
    public void The_reading_agrees_with_what_this_machines_env_does_when_run()
    {
        var env = new[] { "/usr/bin/env", "/bin/env" }.FirstOrDefault(File.Exists);
        Assert.NotNull(env);
        var info = new ProcessStartInfo(env) { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add("--default-signal=PIPE");
        info.ArgumentList.Add("true");
        using var probe = Process.Start(info)!;
        probe.StandardOutput.ReadToEnd();
        probe.StandardError.ReadToEnd();
        probe.WaitForExit();

        Assert.Equal(probe.ExitCode == 0, ChildLauncher.AcceptsDefaultSignal(env));
    }
}
