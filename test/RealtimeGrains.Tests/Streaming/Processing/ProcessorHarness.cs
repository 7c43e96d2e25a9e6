using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Orleans.Serialization;
using RealtimeGrains.Streaming;
using RealtimeGrains.Streaming.Processing;
using RealtimeGrains.Streaming.State;

namespace RealtimeGrains.Tests.Streaming.Processing;

/// <summary>
/// One partition of a declared stream driven like the partition grain drives it, without a silo: events in,
/// ticks, checkpoints into a <see cref="MemoryStateShard"/> and restarts from it. Time is a <see cref="FakeTimeProvider"/>.
/// </summary>
internal sealed class ProcessorHarness
{
    private readonly MemoryStateShard _shard = new();
    private readonly string _stream;

    public ProcessorHarness(string stream, Action<StreamingOptions> declare, Action<IServiceCollection>? register = null)
    {
        _stream = stream;
        var services = new ServiceCollection();
        services.AddSerializer();
        var options = new StreamingOptions();
        declare(options);
        foreach (var (name, type) in new[] { ("count", typeof(RealtimeGrains.Streaming.Processors.CountProcessor)), ("sum", typeof(RealtimeGrains.Streaming.Processors.SumProcessor)), ("last", typeof(RealtimeGrains.Streaming.Processors.LastProcessor)), ("none", typeof(RealtimeGrains.Streaming.Processors.NoneProcessor)) })
        {
            ((IList<ServiceDescriptor>)services).Add(new ServiceDescriptor(typeof(object), ProcessorRegistration.ServiceKey(name), type, ServiceLifetime.Singleton));
        }

        services.AddSingleton(Options.Create(options));
        services.AddKeyedSingleton<object, RealtimeGrains.Streaming.Processors.WindowProcessor>(ProcessorRegistration.ServiceKey("window"));
        services.AddKeyedSingleton<object, RealtimeGrains.Streaming.Processors.ThresholdProcessor>(ProcessorRegistration.ServiceKey("threshold"));
        register?.Invoke(services);
        Services = services.BuildServiceProvider();
        Catalog = new StreamCatalog(Options.Create(options), Services);
        Serializer = Services.GetRequiredService<Serializer>();
        Restart();
    }

    public IServiceProvider Services { get; }

    public StreamCatalog Catalog { get; }

    public Serializer Serializer { get; }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    public IProcessorRuntime Runtime { get; private set; } = null!;

    public EffectOutbox Outbox { get; private set; } = null!;

    public List<(string Key, TaskOutcome Outcome)> Finished { get; } = [];

    /// <summary>A fresh activation loading what the checkpoints wrote.</summary>
    public void Restart(int partition = 0)
    {
        Catalog.TryGet(_stream, out var declared);
        Outbox = new EffectOutbox(_stream, partition, null!, Serializer, Time, NullLogger.Instance);
        Runtime = declared!.Processor.Bind(declared, partition, Outbox, Catalog, Serializer, NullLogger.Instance);
        var stored = _shard.Open(Runtime.Scope, "owner");
        Runtime.Load(stored);
        Outbox.Load(stored.Fields, name => Catalog.TryGet(name, out var s) ? s : null);
    }

    public ApplyResult Publish(params (string Key, byte[] Payload, EventMeta Meta)[] events)
    {
        var writer = new EventWriter();
        foreach (var (key, payload, meta) in events)
        {
            writer.Append(Encoding.UTF8.GetBytes(key), payload, meta);
        }

        return Runtime.Apply(writer.ToArray(), Time.GetUtcNow());
    }

    public ApplyResult PublishText(params (string Key, string Payload)[] events) =>
        Publish([.. events.Select(e => (e.Key, Encoding.UTF8.GetBytes(e.Payload), default(EventMeta)))]);

    public ApplyResult PublishTyped<T>(string key, T value, DateTimeOffset? eventTime = null) =>
        Publish((key, Serializer.SerializeToArray<object?>(value), new EventMeta(eventTime?.ToUnixTimeMilliseconds(), Typed: true)));

    public int Tick() => Runtime.Tick(Time.GetUtcNow(), int.MaxValue);

    /// <summary>Writes a checkpoint (key changes and outbox fields) to the shard.</summary>
    public StateCommit Checkpoint()
    {
        var changes = Runtime.TakeChanges();
        var commit = new StateCommit { Buckets = changes.Writes };
        _ = Outbox.WriteChanges(commit.Fields);
        _shard.Commit(Runtime.Scope, "owner", commit);
        Runtime.CommittedOutputs(render: false);
        return commit;
    }

    /// <summary>Events emitted to <paramref name="stream"/> that are written and waiting to be sent, decoded as <typeparamref name="T"/>.</summary>
    public List<(string Key, T Value)> Emitted<T>(string stream)
    {
        var events = new List<(string, T)>();
        foreach (var batch in Outbox.Unacked.Where(b => b.Stream == stream).OrderBy(b => b.Sequence))
        {
            var reader = new EventReader(batch.Events);
            while (reader.TryRead(out var key, out var payload, out var meta))
            {
                events.Add((Encoding.UTF8.GetString(key), meta.Typed ? Serializer.Deserialize<T>(payload.ToArray())! : (T)(object)payload.ToArray()));
            }
        }

        return events;
    }

    public T? State<T>(string key) => Runtime.Query(key) is { } view ? Serializer.Deserialize<T>(view.State) : default;
}
