using System.Collections.Concurrent;
using RealtimeGrains.Streaming.State;

namespace RealtimeGrains.Storage;

/// <summary>
/// All RealtimeGrains state of the silos hosted in one process, kept outside every silo: the embedded store's own
/// logic (<see cref="MemoryStoreShard"/> for grain state, <see cref="MemoryStateShard"/> for partition state) in one
/// object the silos share. A silo stopped without handover (killed) loses nothing that was written, and its grains
/// come back on the others from here, as they would from Redis. For in-process clusters (<c>rtg demo</c>); it lives
/// and dies with the process, so a deployment of several processes uses Redis instead.
/// </summary>
public sealed class InProcessStore
{
    private readonly ConcurrentDictionary<string, Locked<MemoryStoreShard>> _grainStates = new(StringComparer.Ordinal);

    internal Locked<MemoryStateShard> Partitions { get; } = new(new MemoryStateShard());

    /// <summary>The records of grain storage <paramref name="name"/>, created by the first silo that asks.</summary>
    internal Locked<MemoryStoreShard> GrainStates(string name, Func<MemoryStoreShard> create) =>
        _grainStates.GetOrAdd(name, _ => new Locked<MemoryStoreShard>(create()));

    /// <summary>A store that is not thread-safe, used by the silos' threads one call at a time.</summary>
    internal sealed class Locked<T>(T value)
    {
        private readonly Lock _lock = new();

        public TResult Use<TResult>(Func<T, TResult> action)
        {
            lock (_lock)
            {
                return action(value);
            }
        }
    }
}
