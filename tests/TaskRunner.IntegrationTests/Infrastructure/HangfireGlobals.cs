namespace TaskRunner.IntegrationTests.Infrastructure;

/// <summary>
/// Hangfire keeps its log provider in a static, set by the last host that configured it. In production one host
/// lives per process; tests start and dispose several, so after a disposal the static must not keep pointing at a
/// disposed logger factory.
/// </summary>
public static class HangfireGlobals
{
    public static void DetachLogging() => Hangfire.Logging.LogProvider.SetCurrentLogProvider(null);
}
