using TaskRunner.Worker.Hosting;

namespace TaskRunner.Worker;

public static class WorkerProgram
{
    public static async Task Main(string[] args)
    {
        var app = WorkerApp.Build(args);
        await app.RunAsync();
    }
}
