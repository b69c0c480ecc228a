using System.Net;
using System.Net.Sockets;

namespace Doorman.Bench;

internal static class Ports
{
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

internal static class Repository
{
    /// <summary>The folder holding Doorman.slnx, above the running bench.</summary>
    public static string Root
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Doorman.slnx")))
                {
                    return dir.FullName;
                }
            }
            throw new InvalidOperationException("Doorman.slnx not found above " + AppContext.BaseDirectory);
        }
    }
}
