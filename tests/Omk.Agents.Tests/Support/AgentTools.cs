using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace Omk.Agents.Tests.Support;

/// <summary>
/// The real agent's tools, installed from npm into a cache directory when missing: node 22 (npm package
/// <c>node-&lt;os&gt;-&lt;arch&gt;</c>: Linux x64 and arm64, macOS x64 — npm has no node 22 for macOS arm64; the
/// machine's node may be older) and <c>@moonshot-ai/kimi-code</c>. Only Linux x64 is exercised here (CI). The cache is
/// <c>$OMK_AGENT_TOOLS</c> or <c>~/.cache/omk-agent-tools</c>. One install per process (a lazy task) and per machine
/// (a lock file). When npm cannot install them the tests fail with npm's message: they are never skipped.
/// </summary>
public static class AgentTools
{
    public const string NodeVersion = "v22.23.3";
    public const string KimiPackage = "@moonshot-ai/kimi-code@2.1.0";
    public const string KimiVersion = "2.1.0";

    private static readonly Lazy<Task<AgentToolPaths>> Installed = new(() => Task.Run(InstallAsync), LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The npm package holding node for this machine (its <c>bin/node</c>), or null where none is published.</summary>
    public static string? NodePackageName
    {
        get
        {
            var os = OperatingSystem.IsLinux() ? "linux" : OperatingSystem.IsMacOS() ? "darwin" : null;
            var arch = System.Runtime.InteropServices.RuntimeInformation.OSArchitecture switch
            {
                System.Runtime.InteropServices.Architecture.X64 => "x64",
                System.Runtime.InteropServices.Architecture.Arm64 => "arm64",
                _ => null,
            };
            return os is null || arch is null || (os, arch) is ("darwin", "arm64") ? null : $"node-{os}-{arch}";
        }
    }

    public static string NodePackage => $"{NodePackageName}@{NodeVersion.TrimStart('v')}";

    public static string CacheDirectory =>
        Environment.GetEnvironmentVariable("OMK_AGENT_TOOLS") is { Length: > 0 } dir
            ? Path.GetFullPath(dir)
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "omk-agent-tools");

    /// <summary>The installed tools; installs them first when missing.</summary>
    public static Task<AgentToolPaths> EnsureAsync() => Installed.Value;

    private static async Task<AgentToolPaths> InstallAsync()
    {
        var cache = CacheDirectory;
        var paths = new AgentToolPaths(
            Path.Combine(cache, "node22", "node_modules", NodePackageName ?? "node-unsupported", "bin"),
            Path.Combine(cache, "kimi", "node_modules", ".bin", "kimi"));
        if (await IsInstalledAsync(paths).ConfigureAwait(false))
        {
            return paths;
        }

        Directory.CreateDirectory(cache);
        using var lockFile = await LockAsync(Path.Combine(cache, ".install.lock")).ConfigureAwait(false);
        if (await IsInstalledAsync(paths).ConfigureAwait(false))
        {
            return paths;
        }

        if (NodePackageName is null)
        {
            throw new InvalidOperationException($"The agent tests install node 22 from npm's node-<os>-<arch> packages, published for Linux x64 and arm64 and macOS x64; this machine is {System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier}. Put node 22 and kimi in {CacheDirectory} by hand to run them.");
        }

        var systemPath = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        await NpmAsync(["install", "--prefix", Path.Combine(cache, "node22"), "--no-save", "--no-audit", "--no-fund", NodePackage], systemPath).ConfigureAwait(false);
        await NpmAsync(["install", "--prefix", Path.Combine(cache, "kimi"), "--no-audit", "--no-fund", KimiPackage], paths.NodeBin + Path.PathSeparator + systemPath).ConfigureAwait(false);
        if (!await IsInstalledAsync(paths).ConfigureAwait(false))
        {
            throw new InvalidOperationException($"npm finished but the agent tools in {cache} are still incomplete (expected {paths.Node} {NodeVersion} and {paths.Kimi} {KimiVersion}).");
        }

        return paths;
    }

    private static async Task<bool> IsInstalledAsync(AgentToolPaths paths)
    {
        var package = Path.Combine(Path.GetDirectoryName(Path.GetDirectoryName(paths.Kimi))!, "@moonshot-ai", "kimi-code", "package.json");
        if (!File.Exists(paths.Node) || !File.Exists(paths.Kimi) || !File.Exists(package))
        {
            return false;
        }

        using (var document = JsonDocument.Parse(await File.ReadAllTextAsync(package).ConfigureAwait(false)))
        {
            if (!document.RootElement.TryGetProperty("version", out var version) || version.GetString() != KimiVersion)
            {
                return false;
            }
        }

        var (exit, output) = await RunAsync(paths.Node, ["--version"], null, TimeSpan.FromSeconds(30)).ConfigureAwait(false);
        return exit == 0 && output.Trim() == NodeVersion;
    }

    private static async Task NpmAsync(IReadOnlyList<string> arguments, string path)
    {
        var npm = path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, "npm"))
            .FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("npm was not found on PATH; the agent tests install node 22 and the Kimi Code CLI with it.");
        var (exit, output) = await RunAsync(npm, arguments, path, TimeSpan.FromMinutes(10)).ConfigureAwait(false);
        if (exit != 0)
        {
            var tail = output.Length > 3000 ? output[^3000..] : output;
            throw new InvalidOperationException(
                $"Installing the agent tools failed: `npm {string.Join(' ', arguments)}` exited with {exit}. The agent tests need the npm registry " +
                $"(or a filled cache in $OMK_AGENT_TOOLS / ~/.cache/omk-agent-tools). npm said:\n{tail}");
        }
    }

    private static async Task<(int Exit, string Output)> RunAsync(string program, IReadOnlyList<string> arguments, string? path, TimeSpan timeout)
    {
        var info = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        if (path is not null)
        {
            info.Environment["PATH"] = path;
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {program}.");
        process.StandardInput.Close();
        var output = new StringBuilder();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(limit.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"`{program} {string.Join(' ', arguments)}` did not finish within {timeout.TotalMinutes:0} min (is the npm registry reachable?).");
        }

        output.Append(await stdout.ConfigureAwait(false)).Append(await stderr.ConfigureAwait(false));
        return (process.ExitCode, output.ToString());
    }

    /// <summary>An exclusive lock on a file, so two test processes on one machine do not install at once.</summary>
    private static async Task<FileStream> LockAsync(string path)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (waited.Elapsed < TimeSpan.FromMinutes(15))
            {
                await Task.Delay(500).ConfigureAwait(false);
            }
        }
    }
}

/// <summary>The node 22 <c>bin</c> directory (put it first on the agent's PATH) and the <c>kimi</c> executable.</summary>
public sealed record AgentToolPaths(string NodeBin, string Kimi)
{
    public string Node => Path.Combine(NodeBin, "node");
}
