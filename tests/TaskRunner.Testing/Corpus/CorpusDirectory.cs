namespace TaskRunner.Testing.Corpus;

/// <summary>A temporary folder for generated documents, deleted on dispose. Use one per test class or test.</summary>
public sealed class CorpusDirectory : IDisposable
{
    public string Path { get; } = TestCorpus.CreateTempDirectory();

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A file still open on a failing test must not hide the real failure.
        }
    }
}
