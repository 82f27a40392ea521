using AlloyShopifySlack.Emulator;

// Standalone: dotnet AlloyShopifySlack.Emulator.dll --urls http://127.0.0.1:0 [--orders 600] [--seed N] ...
var parsed = CommandLine.Parse(args);
if (parsed.Error != null)
{
    Console.Error.WriteLine(parsed.Error);
    Console.Error.WriteLine(CommandLine.Usage);
    return 2;
}
if (parsed.ShowHelp)
{
    Console.WriteLine(CommandLine.Usage);
    return 0;
}

await using var server = await EmulatorServer.StartAsync(parsed.Options, port: parsed.Port);
Console.WriteLine($"Alloy emulator listening on {server.BaseUri.ToString().TrimEnd('/')}");
Console.WriteLine(server.Describe().ToJsonString());
Console.Out.Flush();

var stop = new TaskCompletionSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.TrySetResult(); };
AppDomain.CurrentDomain.ProcessExit += (_, _) => stop.TrySetResult();
using var sigterm = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM,
    ctx => { ctx.Cancel = true; stop.TrySetResult(); });
await stop.Task;
return 0;
