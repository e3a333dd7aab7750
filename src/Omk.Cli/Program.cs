using System.Reflection;
using Omk.Cli;

// Diagnostics for tests and benchmarks: which assemblies a command loaded (e.g. that a warm run never loads the F# compiler).
if (Environment.GetEnvironmentVariable("OMK_TRACE_ASSEMBLIES") == "1")
{
    AppDomain.CurrentDomain.ProcessExit += (_, _) =>
    {
        foreach (var name in AppDomain.CurrentDomain.GetAssemblies().Select(a => a.GetName().Name).Order(StringComparer.Ordinal))
        {
            Console.Error.WriteLine($"omk-trace: loaded {name}");
        }
    };
}

// `omk --version` needs none of the command line machinery (the same text System.CommandLine would print).
if (args is ["--version"])
{
    Console.Out.WriteLine(typeof(ExitCodes).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion);
    return ExitCodes.Ready;
}

return OmkCommandLine.Run(args);
