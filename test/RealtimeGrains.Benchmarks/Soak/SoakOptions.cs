using System.Globalization;
using RealtimeGrains.Benchmarks.Infrastructure;

namespace RealtimeGrains.Benchmarks.Soak;

/// <summary>Command-line options of <c>soak</c>; <see cref="RetentionMinutes"/> is null when the silo default applies.</summary>
internal sealed record SoakOptions(int Minutes, int WarmupMinutes, int SampleSeconds, int Keys, string? Redis, int? RetentionMinutes, bool Json)
{
    public const string Usage =
        "soak [--minutes N (30)] [--warmup-minutes M (2)] [--sample-seconds S (10)] [--keys K (10000)] [--redis HOST:PORT] [--retention-minutes R (1 with --redis)] [--json]";

    public int Silos => Redis is null ? 1 : 2;

    public static SoakOptions Parse(string[] args)
    {
        var redis = RunArgs.String(args, "--redis");
        int? retention = args.Contains("--retention-minutes") ? RunArgs.Int(args, "--retention-minutes", 1) : redis is null ? null : 1;
        var options = new SoakOptions(
            RunArgs.Int(args, "--minutes", 30),
            RunArgs.Int(args, "--warmup-minutes", 2),
            RunArgs.Int(args, "--sample-seconds", 10),
            RunArgs.Int(args, "--keys", 10_000),
            redis,
            retention,
            args.Contains("--json"));
        options.Validate();
        return options;
    }

    public Dictionary<string, string?> SiloSettings()
    {
        var settings = new Dictionary<string, string?>
        {
            ["RealtimeGrains:Streaming:Streams:events:Processor"] = "count",
            ["RealtimeGrains:Streaming:Streams:events:Buckets"] = "4096",
            ["RealtimeGrains:Streaming:Streams:events:Partitions"] = "16",
        };
        if (Redis is not null)
        {
            settings["RealtimeGrains:Storage:Provider"] = "redis";
            settings["RealtimeGrains:Redis:ConnectionString"] = Redis;
        }

        if (RetentionMinutes is { } retention)
        {
            settings["RealtimeGrains:Storage:TaskResultRetentionMinutes"] = retention.ToString(CultureInfo.InvariantCulture);
        }

        return settings;
    }

    private void Validate()
    {
        if (Minutes < 1 || WarmupMinutes < 0 || WarmupMinutes >= Minutes)
        {
            throw new ArgumentException($"--minutes {Minutes} and --warmup-minutes {WarmupMinutes}: need minutes >= 1 and 0 <= warm-up < minutes");
        }

        if (SampleSeconds < 1 || Keys < 1 || RetentionMinutes is < 0)
        {
            throw new ArgumentException($"--sample-seconds {SampleSeconds}, --keys {Keys}, --retention-minutes {RetentionMinutes}: need sample seconds >= 1, keys >= 1, retention >= 0");
        }
    }
}
