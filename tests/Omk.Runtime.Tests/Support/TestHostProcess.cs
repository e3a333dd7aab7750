using System.Diagnostics;

namespace Omk.Tests.Support;

/// <summary>Starts <c>Omk.TestHost</c> (copied to <c>testhost/</c> next to the test assembly by the build) as a real child process.</summary>
public static class TestHostProcess
{
    public static string DllPath
    {
        get
        {
            var path = Path.Combine(AppContext.BaseDirectory, "testhost", "Omk.TestHost.dll");
            return File.Exists(path)
                ? path
                : throw new FileNotFoundException(
                    $"Omk.TestHost was not found at '{path}'. Build tests/Omk.Runtime.Tests (its CopyOmkTestHost target copies it there).",
                    path);
        }
    }

    /// <summary>The dotnet host running these tests (DOTNET_HOST_PATH is set by the SDK), else 'dotnet' on PATH.</summary>
    public static string DotnetHost
    {
        get
        {
            var fromSdk = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
            if (!string.IsNullOrEmpty(fromSdk) && File.Exists(fromSdk))
            {
                return fromSdk;
            }

            var current = Environment.ProcessPath;
            if (current is not null && Path.GetFileNameWithoutExtension(current) == "dotnet")
            {
                return current;
            }

            return "dotnet";
        }
    }

    public static Process Start(params string[] arguments)
    {
        var info = new ProcessStartInfo(DotnetHost)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(DllPath);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        return Process.Start(info) ?? throw new InvalidOperationException("Could not start Omk.TestHost.");
    }
}
