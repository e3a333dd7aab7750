namespace Omk.Tests.Processes;

/// <summary>A fresh temporary directory for one test, removed afterwards.</summary>
internal sealed class ProcessTestDirectory : IDisposable
{
    public ProcessTestDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "omk-proc-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }
}
