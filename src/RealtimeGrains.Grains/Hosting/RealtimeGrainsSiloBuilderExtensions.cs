using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Persistence;
using Orleans.Serialization;
using Orleans.Storage;
using RealtimeGrains.Placement;
using RealtimeGrains.Scheduling;
using RealtimeGrains.Storage;
using RealtimeGrains.Streaming;
using RealtimeGrains.Streaming.State;

namespace RealtimeGrains.Hosting;

/// <summary>The one registration entry point of the silo side.</summary>
public static class RealtimeGrainsSiloBuilderExtensions
{
    /// <summary>Name of the grain storage every RealtimeGrains grain uses.</summary>
    public const string StateStorage = "rtg-state";

    /// <summary>Name of the grain storage task grains keep finished outcomes in (with an expiry in Redis).</summary>
    public const string ResultStorage = "rtg-results";

    /// <summary>Name of the grain storage Orleans' stream pub-sub uses.</summary>
    private const string PubSubStorage = "PubSubStore";

    /// <summary>
    /// Adds RealtimeGrains to a silo: options from the <c>RealtimeGrains</c> configuration section
    /// (validated at start), grain storage and the features. The silo host and every test cluster
    /// call this same method.
    /// </summary>
    public static ISiloBuilder AddRealtimeGrains(this ISiloBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var errors = new List<string>();
        var storage = OptionCheck.Bind<StorageOptions>(builder.Configuration, StorageOptions.Section, errors);
        var streaming = OptionCheck.Bind<StreamingOptions>(builder.Configuration, StreamingOptions.Section, errors);
        var placement = OptionCheck.Bind<PlacementOptions>(builder.Configuration, PlacementOptions.Section, errors);
        var redis = OptionCheck.Bind<RedisOptions>(builder.Configuration, RedisOptions.Section, errors);
        errors.AddRange(storage.Validate());
        errors.AddRange(redis.Validate(storage.UsesRedis, $"{StorageOptions.Section}:Provider"));
        errors.AddRange(streaming.Validate());
        errors.AddRange(placement.Validate());
        if (errors.Count > 0)
        {
            throw new OptionsValidationException("RealtimeGrains", typeof(StorageOptions), errors);
        }

        builder.Services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<StorageOptions>>(new OptionsValidation<StorageOptions>(o => o.Validate()));

        builder.UseStorage(storage, redis);
        builder.Services.AllowRedisExceptionsOnTheWire();
        builder.AddIncomingGrainCallFilter<ClientErrorFilter>();
        builder.AddEventStreaming(streaming);
        builder.AddLoadBalancedPlacement();
        builder.AddTaskScheduling();
        return builder;
    }

    private static void UseStorage(this ISiloBuilder builder, StorageOptions storage, RedisOptions redis)
    {
        switch (storage.Provider.ToUpperInvariant())
        {
            case "MEMORY":
                builder.Services.AddSingleton<IPartitionStateStore, MemoryPartitionStateStore>();
                builder.AddMemoryStore(StateStorage);
                builder.AddMemoryStore(ResultStorage, o =>
                {
                    o.Retention = storage.TaskResultRetention;
                    o.MaxRecords = storage.MemoryTaskResultLimit;
                });
                builder.AddMemoryStore(PubSubStorage);
                break;
            case "REDIS":
                // Keys carry the service id, so deployments sharing one Redis keep apart (as Orleans' own storage does).
                builder.Services.AddSingleton<IPartitionStateStore>(services => new RedisPartitionStateStore(
                    redis, $"rtg:{services.GetRequiredService<IOptions<ClusterOptions>>().Value.ServiceId.Replace('{', '(').Replace('}', ')')}"));
                // Stream pub-sub state lives next to grain state: both survive a silo, neither survives Redis.
                builder.AddRedisGrainStorage(StateStorage, o => o.Configure(r =>
                {
                    r.ConfigurationOptions = redis.ToConfiguration();
                    r.DeleteStateOnClear = true;
                }));
                builder.AddRedisGrainStorage(ResultStorage, o => o.Configure(r =>
                {
                    r.ConfigurationOptions = redis.ToConfiguration();
                    r.DeleteStateOnClear = true;
                    r.EntryExpiry = storage.TaskResultRetention;
                }));
                builder.AddRedisGrainStorage(PubSubStorage, o => o.Configure(r => r.ConfigurationOptions = redis.ToConfiguration()));
                builder.UseBinaryStateSerializer<RedisStorageOptions>(StateStorage);
                builder.UseBinaryStateSerializer<RedisStorageOptions>(ResultStorage);
                break;
            default:
                throw new OptionsValidationException(StorageOptions.Section, typeof(StorageOptions),
                    [OptionCheck.Error($"{StorageOptions.Section}:Provider", storage.Provider, string.Join(", ", StorageOptions.Providers))]);
        }
    }

    /// <summary>
    /// State in Orleans' binary format instead of the providers' default JSON: partition state is written
    /// every few milliseconds (JSON made checkpoints the silo's main CPU cost), and the JSON serializer
    /// cannot read records with required members back.
    /// </summary>
    private static void UseBinaryStateSerializer<TOptions>(this ISiloBuilder builder, string name)
        where TOptions : class, IStorageProviderSerializerOptions =>
        builder.Services.AddOptions<TOptions>(name)
            .Configure<Serializer>((options, serializer) => options.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer));
}
