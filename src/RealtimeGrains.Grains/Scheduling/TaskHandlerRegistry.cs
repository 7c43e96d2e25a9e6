namespace RealtimeGrains.Scheduling;

/// <summary>The handlers registered on this silo, by name (ordinal, case-sensitive).</summary>
internal sealed class TaskHandlerRegistry
{
    private readonly Dictionary<string, ITaskHandler> _byName = new(StringComparer.Ordinal);

    public TaskHandlerRegistry(IEnumerable<ITaskHandler> handlers)
    {
        foreach (var handler in handlers)
        {
            if (!_byName.TryAdd(handler.Name, handler))
            {
                throw new InvalidOperationException(
                    $"two task handlers are named '{handler.Name}' ({_byName[handler.Name].GetType().Name} and {handler.GetType().Name}); handler names must be unique");
            }
        }

        Names = [.. _byName.Keys.Order(StringComparer.Ordinal)];
    }

    /// <summary>Registered names, sorted.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <exception cref="UnknownHandlerException">No handler has that name.</exception>
    public ITaskHandler Get(string name) =>
        _byName.TryGetValue(name, out var handler)
            ? handler
            : throw new UnknownHandlerException($"unknown handler '{name}'; registered: {string.Join(", ", Names)}");
}
