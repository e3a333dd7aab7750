Console.WriteLine("benchmarks: see benchmarks/run.sh");
