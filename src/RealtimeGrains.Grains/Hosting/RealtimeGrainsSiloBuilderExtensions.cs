using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Serialization;
using Orleans.Storage;
using RealtimeGrains.Scheduling;

namespace RealtimeGrains.Hosting;

/// <summary>The one registration entry point of the silo side.</summary>
public static class RealtimeGrainsSiloBuilderExtensions
{
    /// <summary>Name of the grain storage every RealtimeGrains grain uses.</summary>
    public const string StateStorage = "rtg-state";

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
        errors.AddRange(storage.Validate());
        if (errors.Count > 0)
        {
            throw new OptionsValidationException(StorageOptions.Section, typeof(StorageOptions), errors);
        }

        builder.Services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<StorageOptions>>(new OptionsValidation<StorageOptions>(o => o.Validate()));

        builder.UseStorage(storage);
        builder.AddTaskScheduling();
        return builder;
    }

    private static void UseStorage(this ISiloBuilder builder, StorageOptions storage)
    {
        switch (storage.Provider.ToUpperInvariant())
        {
            case "MEMORY":
                // Orleans' binary serializer: state types are [GenerateSerializer] records (the default
                // JSON serializer cannot read records with required members back).
                builder.AddMemoryGrainStorage(StateStorage);
                builder.Services.AddOptions<MemoryGrainStorageOptions>(StateStorage)
                    .Configure<Serializer>((o, serializer) => o.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer));
                builder.AddMemoryGrainStorage("PubSubStore");
                break;
            default:
                throw new OptionsValidationException(StorageOptions.Section, typeof(StorageOptions),
                    [OptionCheck.Error($"{StorageOptions.Section}:Provider", storage.Provider, string.Join(", ", StorageOptions.Providers))]);
        }
    }
}
