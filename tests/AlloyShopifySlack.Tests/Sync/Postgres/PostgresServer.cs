using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace AlloyShopifySlack.Tests.Sync.Postgres;

/// <summary>
/// A real PostgreSQL server for the tests: initdb into a temporary folder, pg_ctl start on 127.0.0.1 and a free
/// port, password authentication (so that the tests see a real secret travel), stopped and deleted at the end.
/// As root the server runs as the postgres user (initdb refuses root). <see cref="Shared"/> is one server for the
/// whole test run; a test that restarts its server starts its own.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private static readonly Lazy<Task<PostgresServer>> SharedServer = new(() => StartAsync());
    private readonly string _root;
    private readonly string _data;
    private readonly string _bin;
    private int _databases;

    private PostgresServer(string root, string bin, int port, string password)
    {
        _root = root;
        _data = Path.Combine(root, "data");
        _bin = bin;
        Port = port;
        Password = password;
    }

    public int Port { get; }
    public string Password { get; }
    public const string User = "postgres";

    /// <summary>The server shared by the test run (stopped when the test process exits).</summary>
    public static Task<PostgresServer> Shared => SharedServer.Value;

    /// <summary>A connection string for <paramref name="database"/>, with or without the password.</summary>
    public string ConnectionString(string database = "postgres", bool withPassword = true) =>
        $"Host=127.0.0.1;Port={Port};Username={User};Database={database}" + (withPassword ? $";Password={Password}" : "");

    public static async Task<PostgresServer> StartAsync(bool durable = false)
    {
        var bin = FindBin();
        var root = Directory.CreateTempSubdirectory("alloyps-pg-").FullName;
        var password = "pg-" + Guid.NewGuid().ToString("N");
        var server = new PostgresServer(root, bin, FreePort(), password);
        var passwordFile = Path.Combine(root, "pwfile");
        await File.WriteAllTextAsync(passwordFile, password + "\n");
        if (IsRoot) Run("chown", "-R", "postgres", root);
        server.PgTool("initdb", "-D", server._data, "-U", User, "-A", "scram-sha-256", "--pwfile=" + passwordFile, "-E", "UTF8",
            "--no-sync", "--no-instructions");
        File.Delete(passwordFile);
        // fsync off for the tests (they kill runners, not the machine); the benchmark measures with it on.
        server._options = $"-p {server.Port} -k {root} -c listen_addresses=127.0.0.1 -c max_connections=200" + (durable ? ""
            : " -c fsync=off -c synchronous_commit=on");
        server.Start();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return server;
    }

    private string _options = string.Empty;

    public void Start() => PgTool("pg_ctl", "-D", _data, "-l", Path.Combine(_root, "server.log"), "-o", _options, "-w",
        "-t", "60", "start");

    /// <summary>Stops at once (as a crash would); connections break.</summary>
    public void Stop()
    {
        if (!Directory.Exists(_data)) return;
        try { PgTool("pg_ctl", "-D", _data, "-m", "immediate", "-w", "stop"); }
        catch (InvalidOperationException) { } // already stopped
    }

    /// <summary>A fresh, empty database on this server.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = $"t{Interlocked.Increment(ref _databases)}_{Guid.NewGuid().ToString("N")[..8]}";
        await using var connection = new NpgsqlConnection(ConnectionString());
        await connection.OpenAsync();
        await using (var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection)) await command.ExecuteNonQueryAsync();
        return ConnectionString(name);
    }

    public async ValueTask DisposeAsync()
    {
        await Task.Run(Stop);
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private void PgTool(string tool, params string[] arguments)
    {
        var path = Path.Combine(_bin, tool);
        if (IsRoot) Run("runuser", new[] { "-u", "postgres", "--", path }.Concat(arguments).ToArray());
        else Run(path, arguments);
    }

    private static bool IsRoot => Environment.UserName == "root";

    private static string FindBin()
    {
        var found = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(
                d => File.Exists(Path.Combine(d, "initdb")))
                .OrderByDescending(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var v) ? v : 0).FirstOrDefault()
            : null;
        return found ?? throw new InvalidOperationException(
            "PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb). 'dotnet pwsh ./build.ps1 test' installs it; or run " +
                "'apt-get install -y postgresql'.");
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static void Run(string file, params string[] arguments)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(90_000))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', arguments)} did not finish in 90 s.");
        }
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} failed " +
                $"(exit {process.ExitCode}): {errors.Result} {output.Result}");
    }
}
