using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace TaskRunner.Testing.Faults;

/// <summary>
/// A loopback TCP proxy in front of a real server (Postgres, Redis). <see cref="GoDown"/> cuts every open connection
/// and refuses new ones, as a crashed or partitioned server would; <see cref="ComeBack"/> lets traffic through again.
/// </summary>
public sealed class TcpProxy : IAsyncDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly IPEndPoint target;
    private readonly CancellationTokenSource stop = new();
    private readonly ConcurrentDictionary<Guid, (TcpClient Client, TcpClient Upstream)> connections = new();
    private readonly Task acceptLoop;
    private volatile bool down;

    public TcpProxy(string targetHost, int targetPort)
    {
        target = new IPEndPoint(Dns.GetHostAddresses(targetHost).First(a => a.AddressFamily == AddressFamily.InterNetwork), targetPort);
        listener.Start();
        acceptLoop = AcceptAsync(stop.Token);
    }

    public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

    public bool IsDown => down;

    public void GoDown()
    {
        down = true;
        foreach (var (id, pair) in connections)
        {
            Close(id, pair);
        }
    }

    public void ComeBack() => down = false;

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        listener.Stop();
        GoDown();
        try
        {
            await acceptLoop;
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        stop.Dispose();
    }

    private async Task AcceptAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            var client = await listener.AcceptTcpClientAsync(ct);
            if (down)
            {
                client.Client.LingerState = new LingerOption(true, 0);
                client.Dispose();
                continue;
            }

            _ = RelayAsync(client, ct);
        }
    }

    private async Task RelayAsync(TcpClient client, CancellationToken ct)
    {
        var upstream = new TcpClient();
        var id = Guid.NewGuid();
        try
        {
            await upstream.ConnectAsync(target, ct);
            connections[id] = (client, upstream);
            await Task.WhenAny(PumpAsync(client.GetStream(), upstream.GetStream(), ct), PumpAsync(upstream.GetStream(), client.GetStream(), ct));
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
        }
        finally
        {
            Close(id, (client, upstream));
        }
    }

    private static async Task PumpAsync(NetworkStream from, NetworkStream to, CancellationToken ct)
    {
        var buffer = new byte[16384];
        try
        {
            int read;
            while ((read = await from.ReadAsync(buffer, ct)) > 0)
            {
                await to.WriteAsync(buffer.AsMemory(0, read), ct);
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
        }
    }

    private void Close(Guid id, (TcpClient Client, TcpClient Upstream) pair)
    {
        connections.TryRemove(id, out _);
        foreach (var socket in new[] { pair.Client, pair.Upstream })
        {
            try
            {
                // Client is null once the pair was closed by its pump already (GoDown on dispose can race with it).
                if (socket.Client is { } open) open.LingerState = new LingerOption(true, 0);
                socket.Dispose();
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
            }
        }
    }
}
