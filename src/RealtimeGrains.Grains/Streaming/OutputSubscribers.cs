namespace RealtimeGrains.Streaming;

/// <summary>A partition's subscribers to its retained outputs, each on a lease the subscriber renews.</summary>
internal sealed class OutputSubscribers
{
    private readonly Dictionary<Guid, Subscriber> _subscribers = [];

    public int Count => _subscribers.Count;

    public void Add(Guid id, IOutputObserver observer, string? key, DateTimeOffset leaseEnd) => _subscribers[id] = new Subscriber(observer, key) { LeaseEnd = leaseEnd };

    public bool Renew(Guid id, DateTimeOffset leaseEnd)
    {
        if (!_subscribers.TryGetValue(id, out var subscriber))
        {
            return false;
        }

        subscriber.LeaseEnd = leaseEnd;
        return true;
    }

    public void Remove(Guid id) => _subscribers.Remove(id);

    /// <summary>Drops subscribers whose lease ran out (their client stopped renewing).</summary>
    public void Expire(DateTimeOffset now)
    {
        if (_subscribers.Count == 0)
        {
            return;
        }

        foreach (var (id, subscriber) in _subscribers)
        {
            if (subscriber.LeaseEnd < now)
            {
                _subscribers.Remove(id);
            }
        }
    }

    /// <summary>Sends checkpointed outputs to every subscriber that follows their key (one-way).</summary>
    public void Push(List<StreamOutput> outputs)
    {
        foreach (var subscriber in _subscribers.Values)
        {
            var mine = subscriber.Key is { } key ? outputs.FindAll(o => o.Key == key) : outputs;
            if (mine.Count > 0)
            {
                subscriber.Observer.OnOutputs(mine).Ignore();
            }
        }
    }

    private sealed class Subscriber(IOutputObserver observer, string? key)
    {
        public IOutputObserver Observer { get; } = observer;

        public string? Key { get; } = key;

        public DateTimeOffset LeaseEnd { get; set; }
    }
}
