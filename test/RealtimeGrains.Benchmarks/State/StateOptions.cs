using System.Globalization;
using RealtimeGrains.Benchmarks.Infrastructure;

namespace RealtimeGrains.Benchmarks.State;

/// <summary>Command-line options of <c>state</c>.</summary>
internal sealed record StateOptions(
    IReadOnlyList<string> Storages,
    IReadOnlyList<long> Sizes,
    long HotEvents,
    int HotKeys,
    int Runs,
    long WarmupEvents,
    int PayloadBytes,
    int Publishers,
    int? Partitions,
    bool Recovery,
    bool RecoveryOnly,
    long RecoveryKeys,
    int RecoveryKillSeconds,
    int RecoveryTimeoutSeconds,
    int AckTimeoutMs,
    IReadOnlyDictionary<string, string> SiloEnvironment,
    bool Compaction,
    int ChurnRate,
    bool Json)
{
    public const string Stream = "events";

    public const string Usage =
        "state [--json] [--redis | --both] [--sizes 1000,100000,1000000,10000000] [--hot-events 2000000] [--hot-keys 10000] [--runs 3] " +
        "[--warmup-events (= --hot-events)] [--payload-bytes 64] [--publishers 1] [--partitions P (silo default: 16)] " +
        "[--recovery | --recovery-only] [--recovery-keys 3000000] [--recovery-kill-seconds 10] [--recovery-timeout-seconds 120] [--ack-timeout-ms 2000] " +
        "[--compaction] [--churn-rate 50000] [--silo-env NAME=VALUE ...]";

    private static readonly long[] DefaultSizes = [1_000, 100_000, 1_000_000, 10_000_000];

    public static StateOptions Parse(string[] args)
    {
        var known = new HashSet<string>(StringComparer.Ordinal)
        {
            "--json", "--redis", "--both", "--recovery", "--recovery-only", "--sizes", "--hot-events", "--hot-keys", "--runs", "--warmup-events",
            "--payload-bytes", "--publishers", "--partitions", "--recovery-keys", "--recovery-kill-seconds", "--recovery-timeout-seconds", "--ack-timeout-ms",
            "--silo-env", "--compaction", "--churn-rate",
        };
        var unknown = args.Where(a => a.StartsWith("--", StringComparison.Ordinal) && !known.Contains(a)).ToList();
        if (unknown.Count > 0)
        {
            throw new ArgumentException($"unknown option(s): {string.Join(' ', unknown)}");
        }

        string[] storages = args.Contains("--both") ? ["memory", "redis"] : args.Contains("--redis") ? ["redis"] : ["memory"];
        int? partitions = args.Contains("--partitions") ? RunArgs.Int(args, "--partitions", 16) : null;
        var hotEvents = RunArgs.Long(args, "--hot-events", 2_000_000);
        var options = new StateOptions(
            storages,
            [.. RunArgs.Longs(args, "--sizes", DefaultSizes).Order()],
            hotEvents,
            RunArgs.Int(args, "--hot-keys", 10_000),
            RunArgs.Int(args, "--runs", 3),
            RunArgs.Long(args, "--warmup-events", hotEvents),
            RunArgs.Int(args, "--payload-bytes", 64),
            RunArgs.Int(args, "--publishers", 1),
            partitions,
            args.Contains("--recovery") || args.Contains("--recovery-only"),
            args.Contains("--recovery-only"),
            RunArgs.Long(args, "--recovery-keys", 3_000_000),
            RunArgs.Int(args, "--recovery-kill-seconds", 10),
            RunArgs.Int(args, "--recovery-timeout-seconds", 120),
            RunArgs.Int(args, "--ack-timeout-ms", 2_000),
            SiloEnvironmentOf(args),
            args.Contains("--compaction"),
            RunArgs.Int(args, "--churn-rate", 50_000),
            args.Contains("--json"));
        options.Validate();
        return options;
    }

    /// <summary>Environment settings of every silo this benchmark starts (the stream's layout, no dashboard).</summary>
    public Dictionary<string, string> SiloSettings()
    {
        var settings = new Dictionary<string, string>
        {
            ["RealtimeGrains__Silo__Dashboard"] = "false",
            [$"RealtimeGrains__Streaming__Streams__{Stream}__Processor"] = "count",
        };
        if (Partitions is { } p)
        {
            settings[$"RealtimeGrains__Streaming__Streams__{Stream}__Partitions"] = p.ToString(CultureInfo.InvariantCulture);
        }

        foreach (var (name, value) in SiloEnvironment)
        {
            settings[name] = value;
        }

        return settings;
    }

    /// <summary>Every <c>--silo-env NAME=VALUE</c>: extra environment of the silo processes (<c>DOTNET_gcServer=0</c>, a setting).</summary>
    private static Dictionary<string, string> SiloEnvironmentOf(string[] args)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] != "--silo-env")
            {
                continue;
            }

            var pair = i + 1 < args.Length ? args[++i] : "";
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new ArgumentException($"--silo-env '{pair}': expected NAME=VALUE, e.g. DOTNET_gcServer=0");
            }

            environment[pair[..equals]] = pair[(equals + 1)..];
        }

        return environment;
    }

    private void Validate()
    {
        if (Sizes.Count == 0 && !RecoveryOnly || Sizes.Any(s => s < 0) || Sizes.Distinct().Count() != Sizes.Count)
        {
            throw new ArgumentException($"--sizes {string.Join(',', Sizes)}: need at least one size, each >= 0 and different");
        }

        if (HotEvents < 1 || HotKeys < 1 || Runs < 1 || WarmupEvents < 1 || PayloadBytes is < 0 or > 65_536 || Publishers is < 1 or > 64 || Partitions is < 1 or > 4096)
        {
            throw new ArgumentException("need --hot-events >= 1, --hot-keys >= 1, --runs >= 1, --warmup-events >= 1, --payload-bytes 0-65536, --publishers 1-64, --partitions 1-4096");
        }

        if (RecoveryKeys < 0 || RecoveryKillSeconds < 3 || RecoveryTimeoutSeconds < 10 || AckTimeoutMs < 10)
        {
            throw new ArgumentException("need --recovery-keys >= 0, --recovery-kill-seconds >= 3, --recovery-timeout-seconds >= 10, --ack-timeout-ms >= 10");
        }

        if (ChurnRate < 1 || (Compaction && (RecoveryOnly || Sizes[^1] > int.MaxValue)))
        {
            throw new ArgumentException("need --churn-rate >= 1; --compaction runs after the size sweep (not with --recovery-only), at a last size of at most 2^31 - 1 keys");
        }
    }
}
