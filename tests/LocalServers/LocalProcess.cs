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

    /// <summary>
    /// Starts <paramref name="file"/>, as <paramref name="user"/> when we are root, with its output and errors in
    /// <paramref name="logFile"/> (read it with <see cref="ReadCompleteLines"/>).
    /// </summary>
    public static Process Start(string file, IEnumerable<string> arguments, string? user, IDictionary<string, string>? environment = null,
        string? logFile = null)
    {
        var info = StartInfo(file, arguments, user, environment);

        var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {file}.");
        var log = logFile is null ? null : new OutputLog(logFile);
        process.OutputDataReceived += (_, e) => log?.Write(e.Data);
        process.ErrorDataReceived += (_, e) => log?.Write(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>
    /// The lines of a log that may still be written to: a last line without its line break may be only partly
    /// written, so it is left out. Empty when there is no log yet.
    /// </summary>
    public static string ReadCompleteLines(string path)
    {
        if (!File.Exists(path))
            return "";
        using var reader = new StreamReader(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete));
        var text = reader.ReadToEnd();
        return text[..(text.LastIndexOf('\n') + 1)];
    }

    /// <summary>Runs a command to completion; throws with its output when it fails.</summary>
    public static async Task<string> RunAsync(string file, IEnumerable<string> arguments, string? user, IDictionary<string, string>? environment = null,
        TimeSpan? timeout = null, string? workingDirectory = null)
    {
        var output = new StringBuilder();
        var info = StartInfo(file, arguments, user, environment);
        if (workingDirectory is not null)
            info.WorkingDirectory = workingDirectory;

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
            {
                await DrainOutputAsync(server);
                throw new InvalidOperationException($"The server exited with {server.ExitCode} before listening on {port}.\n{diagnostics()}");
            }

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

    /// <summary>
    /// Waits, for a while, until the last lines of a process that has exited have been read: they are what says why
    /// it exited. A process it left behind may hold its output open, so the wait is bounded.
    /// </summary>
    static async Task DrainOutputAsync(Process exited)
    {
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await exited.WaitForExitAsync(patience.Token);
        }
        catch (OperationCanceledException)
        {
            // The log holds what was read so far, which is what there is to show.
        }
    }

    /// <summary>
    /// A process's output and errors, line by line, in one file. The two streams are read on threads of their own,
    /// so lines are written one at a time; the file is closed once both streams have ended (a null line), not when
    /// the process exits, which can come before its last lines have been read.
    /// </summary>
    sealed class OutputLog(string path)
    {
        readonly Lock _lock = new();
        readonly StreamWriter _writer = new(path, append: true) { AutoFlush = true };
        int _openStreams = 2;

        public void Write(string? line)
        {
            lock (_lock)
            {
                if (line is not null)
                    _writer.WriteLine(line);
                else if (--_openStreams == 0)
                    _writer.Dispose();
            }
        }
    }
}
