using System.Runtime.ExceptionServices;

namespace RealtimeGrains.Client.Hosting;

/// <summary>
/// Client side of <see cref="ClientErrors"/>: failures Orleans reports before a silo filter could shape them (an
/// activation whose stored state could not be read, wrapped by Orleans' storage bridge) reach the app as
/// <see cref="StorageUnavailableException"/>, like storage failures inside a call.
/// </summary>
internal sealed class ClientErrorFilter : IOutgoingGrainCallFilter
{
    public async Task Invoke(IOutgoingGrainCallContext context)
    {
        Exception? failure;
        try
        {
            await context.Invoke().ConfigureAwait(false);
            failure = context.Response?.Exception;
        }
        catch (Exception ex)
        {
            failure = ex;
        }

        if (failure is null)
        {
            return;
        }

        if (ClientErrors.IsOurs(context.InterfaceMethod) && ClientErrors.ForClient(failure, $"{context.InterfaceName}.{context.MethodName}") is { } forClient)
        {
            throw forClient;
        }

        if (context.Response?.Exception is null)
        {
            ExceptionDispatchInfo.Throw(failure);
        }
    }
}
