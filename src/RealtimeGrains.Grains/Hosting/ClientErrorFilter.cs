namespace RealtimeGrains.Hosting;

/// <summary>
/// Silo side of <see cref="ClientErrors"/>: a client's call to a RealtimeGrains grain that fails inside the call
/// answers with the client-facing exception, so no storage provider's type (nor StackExchange.Redis') leaves the
/// silo. Grain-to-grain calls keep the original exception.
/// </summary>
internal sealed class ClientErrorFilter : IIncomingGrainCallFilter
{
    public async Task Invoke(IIncomingGrainCallContext context)
    {
        try
        {
            await context.Invoke().ConfigureAwait(false);
        }
        catch (Exception ex) when (context.SourceId is { } source && source.IsClient() && ClientErrors.IsOurs(context.InterfaceMethod)
            && ClientErrors.ForClient(ex, $"{context.InterfaceName}.{context.MethodName}") is { } forClient)
        {
            throw forClient;
        }
    }
}
