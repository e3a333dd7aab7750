namespace Omk.Benchmarks;

/// <summary>One benchmark mode of <c>Omk.Benchmarks</c> (e.g. <c>events</c>). Add a class and register it in Program.cs.</summary>
internal interface IBenchmark
{
    /// <summary>The mode name given on the command line.</summary>
    string Name { get; }

    /// <summary>One line for the usage text.</summary>
    string Description { get; }

    /// <summary>Runs the benchmark and prints its table. Returns the process exit code.</summary>
    Task<int> RunAsync(BenchmarkOptions options);
}
