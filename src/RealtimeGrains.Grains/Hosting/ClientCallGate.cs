using System.Collections.Concurrent;
using System.Reflection;

namespace RealtimeGrains.Hosting;

/// <summary>
/// Refuses, before the grain runs, a client's call to a RealtimeGrains grain interface that only silos use: an
/// internal one (task grains, the memory store, the partition state store: a client could otherwise read or
/// overwrite any grain's stored state) or a method marked <see cref="SiloOnlyAttribute"/>. Orleans lets any
/// connected client address any grain type the cluster hosts, whether or not the type is public. A silo's own
/// (hosted) client, which makes the calls silos send outside any grain, passes.
/// </summary>
internal sealed class ClientCallGate(IClusterMembershipService membership) : IIncomingGrainCallFilter
{
    /// <summary>How Orleans names a silo's own client (calls made outside any grain, such as the load publisher's).</summary>
    private const string HostedClientPrefix = "hosted-";

    private readonly ConcurrentDictionary<MethodInfo, bool> _siloOnly = new();

    public Task Invoke(IIncomingGrainCallContext context)
    {
        if (context.SourceId is { } source && source.IsClient() && ClientErrors.IsOurs(context.InterfaceMethod)
            && _siloOnly.GetOrAdd(context.InterfaceMethod, IsSiloOnly) && !IsSilo(source))
        {
            return Task.FromException(new InvalidRequestException(
                $"{context.InterfaceName}.{context.MethodName} is called by silos only; a client may not call it"));
        }

        return context.Invoke();
    }

    /// <summary>Whether a client id is the hosted client of a silo of this cluster.</summary>
    private bool IsSilo(GrainId client)
    {
        var key = client.Key.ToString();
        if (!key.StartsWith(HostedClientPrefix, StringComparison.Ordinal))
        {
            return false;
        }

        try
        {
            return membership.CurrentSnapshot.Members.ContainsKey(SiloAddress.FromParsableString(key[HostedClientPrefix.Length..]));
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static bool IsSiloOnly(MethodInfo method) =>
        method.DeclaringType is { IsPublic: false } || method.GetCustomAttribute<SiloOnlyAttribute>() is not null;
}
