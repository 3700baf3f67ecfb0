using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace TaskRunner.Tasks.Hosting;

/// <summary>
/// Raises the thread pool's floor (Runtime__MinThreads, default 64). Hangfire's client and job activation block a
/// pool thread on database calls; with the default floor of one thread per core, a burst of submissions waits for
/// the pool to grow (about one thread a second) instead of for the database.
/// </summary>
public static class ThreadPoolSettings
{
    public static void Apply(IConfiguration configuration)
    {
        var wanted = int.TryParse(configuration["Runtime:MinThreads"], NumberStyles.None, CultureInfo.InvariantCulture, out var configured) ? configured : 64;
        ThreadPool.GetMinThreads(out var workers, out var io);
        ThreadPool.SetMinThreads(Math.Max(workers, wanted), Math.Max(io, wanted));
    }
}
