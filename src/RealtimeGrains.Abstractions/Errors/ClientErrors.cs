using System.Reflection;

namespace RealtimeGrains;

/// <summary>
/// What a client receives when a call to a RealtimeGrains grain fails: the one rule that both the silo (for
/// failures inside a call) and the client (for failures Orleans reports before any silo filter runs, such as an
/// activation whose state could not be read) apply. Storage failures become <see cref="StorageUnavailableException"/>;
/// a missing argument becomes <see cref="InvalidRequestException"/>; other exceptions a client cannot be expected to
/// load become <see cref="RealtimeGrainsException"/>; the rest pass.
/// </summary>
internal static class ClientErrors
{
    private const string StorageBridgePrefix = "Error from storage provider";
    private const int MaxCauseLength = 240;

    private static readonly string[] ClientAssemblyPrefixes =
        ["System.", "Orleans.Core", "Orleans.Serialization", "RealtimeGrains.Abstractions"];

    private static readonly string[] StorageAssemblyMarkers = ["StackExchange.Redis", "Persistence", "AdoNet", "Npgsql"];

    /// <summary>Whether a call to this interface method is one whose errors RealtimeGrains shapes.</summary>
    public static bool IsOurs(MethodInfo? interfaceMethod) =>
        interfaceMethod?.DeclaringType?.Namespace?.StartsWith("RealtimeGrains", StringComparison.Ordinal) == true;

    /// <summary>The exception to raise to the client instead of <paramref name="ex"/>, or null to let it pass.</summary>
    public static Exception? ForClient(Exception ex, string call)
    {
        ArgumentNullException.ThrowIfNull(ex);
        if (ex is RealtimeGrainsException)
        {
            return null;
        }

        if (ex is OrleansException { InnerException: RealtimeGrainsException ours })
        {
            return ours;
        }

        if (ex is ArgumentNullException { ParamName: { } parameter })
        {
            // A null the contract forbids reaches the grain only from a client that is not ours.
            return new InvalidRequestException($"{call}: argument '{parameter}' is missing (null)");
        }

        if (IsStorageFailure(ex))
        {
            return new StorageUnavailableException($"{call} could not complete: storage failed ({Cause(ex)}); retry when it is back");
        }

        return ClientCanLoad(ex) ? null : new RealtimeGrainsException($"{call} failed on the silo ({Cause(ex)})");
    }

    /// <summary>Whether a client has the assembly of <paramref name="ex"/>'s type and of every inner exception's.</summary>
    public static bool ClientCanLoad(Exception ex)
    {
        for (var e = ex; e is not null; e = e.InnerException)
        {
            var assembly = e.GetType().Assembly;
            if (assembly != typeof(object).Assembly && !ClientAssemblyPrefixes.Any(p => Name(assembly).StartsWith(p, StringComparison.Ordinal)))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsStorageFailure(Exception ex)
    {
        for (var e = ex; e is not null; e = e.InnerException)
        {
            var name = Name(e.GetType().Assembly);
            if (StorageAssemblyMarkers.Any(m => name.Contains(m, StringComparison.Ordinal))
                || (e is OrleansException && e.Message.StartsWith(StorageBridgePrefix, StringComparison.Ordinal)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The innermost exception, as "Type: first part of its message" (storage clients write long diagnostics).</summary>
    private static string Cause(Exception ex)
    {
        var root = ex;
        while (root.InnerException is not null)
        {
            root = root.InnerException;
        }

        var message = root.Message;
        var cut = message.IndexOf(" - ", StringComparison.Ordinal);
        message = cut > 0 ? message[..cut] : message;
        message = message.Length > MaxCauseLength ? message[..MaxCauseLength] + "…" : message;
        return $"{root.GetType().Name}: {message.ReplaceLineEndings(" ")}";
    }

    private static string Name(Assembly assembly) => assembly.GetName().Name ?? "";
}
