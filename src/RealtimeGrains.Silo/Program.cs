using RealtimeGrains.Silo.Hosting;

var config = SiloConfiguration.Load(args);
if (config.Errors.Count > 0)
{
    foreach (var error in config.Errors)
    {
        Console.Error.WriteLine($"rtg-silo: configuration error: {error}");
    }

    return 2;
}

if (config.UsesRedis && await RedisProbe.CheckAsync(config.Redis) is { } unreachable)
{
    Console.Error.WriteLine($"rtg-silo: failed to start: {unreachable}");
    return 1;
}

var app = SiloHost.Build(config);
try
{
    // Options validated at start (processors, ...) fail here, before the host logs a stack trace.
    app.Services.GetRequiredService<Microsoft.Extensions.Options.IStartupValidator>().Validate();
    await app.RunAsync();
    return 0;
}
catch (Exception ex) when (ex is IOException or System.Net.Sockets.SocketException or Orleans.Runtime.OrleansException
    or InvalidOperationException or Microsoft.Extensions.Options.OptionsValidationException or System.Data.Common.DbException)
{
    // Start-up failures an operator can fix (port in use, unreachable store): one line, no stack trace.
    Console.Error.WriteLine($"rtg-silo: failed to start: {ex.GetBaseException().Message}");
    return 1;
}
