using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Jobs.LocalServers;

/// <summary>Starting the machine's own server binaries, as their service user when the tests run as root.</summary>
public static class LocalProcess
{
    public static bool IsRoot => Environment.UserName == "root";

    /// <summary>A TCP port on 127.0.0.1 that nothing listens on right now.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Starts <paramref name="file"/>, as <paramref name="user"/> when we are root.</summary>
    public static Process Start(string file, IEnumerable<string> arguments, string? user, IDictionary<string, string>? environment = null,
        string? logFile = null)
    {
        var info = StartInfo(file, arguments, user, environment);

        var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {file}.");
        var log = logFile is null ? null : new StreamWriter(logFile, append: true) { AutoFlush = true };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) log?.WriteLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) log?.WriteLine(e.Data); };
        process.Exited += (_, _) => log?.Dispose();
        process.EnableRaisingEvents = true;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>Runs a command to completion; throws with its output when it fails.</summary>
    public static async Task<string> RunAsync(string file, IEnumerable<string> arguments, string? user, IDictionary<string, string>? environment = null,
        TimeSpan? timeout = null)
    {
        var output = new StringBuilder();
        var info = StartInfo(file, arguments, user, environment);

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {file}.");
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(1));
        await process.WaitForExitAsync(cts.Token);
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited with {process.ExitCode}:\n{output}");
        return output.ToString();
    }

    static ProcessStartInfo StartInfo(string file, IEnumerable<string> arguments, string? user, IDictionary<string, string>? environment)
    {
        var runAs = IsRoot && user is not null;
        var info = new ProcessStartInfo
        {
            FileName = runAs ? "runuser" : file,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (runAs)
        {
            foreach (var argument in new[] { "-u", user!, "--", file })
                info.ArgumentList.Add(argument);
        }

        foreach (var argument in arguments)
            info.ArgumentList.Add(argument);
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
            info.Environment[key] = value;
        return info;
    }

    /// <summary>Hands a folder to a service user, so that a server started as that user can write it.</summary>
    public static async Task GiveToAsync(string directory, string user)
    {
        if (IsRoot)
            await RunAsync("chown", ["-R", $"{user}:{user}", directory], user: null);
    }

    /// <summary>Waits until something accepts TCP connections on 127.0.0.1:<paramref name="port"/>.</summary>
    public static async Task WaitForPortAsync(int port, TimeSpan timeout, Process server, Func<string> diagnostics)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (server.HasExited)
                throw new InvalidOperationException($"The server exited with {server.ExitCode} before listening on {port}.\n{diagnostics()}");
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100));
            }
        }
    }
}
