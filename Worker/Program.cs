using TaskRunner.Worker.Hosting;

var app = WorkerApp.Build(args);
await app.RunAsync();
