using RealtimeGrains.Cli;

return await RtgApp.RunAsync(args, Console.Out, Console.Error);
