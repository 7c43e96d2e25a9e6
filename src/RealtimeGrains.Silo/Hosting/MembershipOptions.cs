using Orleans.Configuration;
using RealtimeGrains.Hosting;

namespace RealtimeGrains.Silo.Hosting;

/// <summary>
/// Failure detection of the cluster (section <c>RealtimeGrains:Membership</c>), mapped onto Orleans'
/// <see cref="ClusterMembershipOptions"/>. Defaults are Orleans' own; <c>silo-config/cluster-redis.json</c>
/// tunes them for a LAN.
/// </summary>
public sealed class MembershipOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "RealtimeGrains:Membership";

    /// <summary>How long a silo waits for a probe answer (and how often it probes), in ms.</summary>
    public int ProbeTimeoutMs { get; set; } = 5000;

    /// <summary>Missed probes in a row after which a silo suspects the probed silo.</summary>
    public int NumMissedProbesLimit { get; set; } = 3;

    /// <summary>How many other silos each silo probes.</summary>
    public int NumProbedSilos { get; set; } = 10;

    /// <summary>Suspicions (votes) needed to declare a silo dead.</summary>
    public int NumVotesForDeathDeclaration { get; set; } = 2;

    /// <summary>How often a silo reads the membership table, in ms (gossip usually brings changes sooner).</summary>
    public int TableRefreshTimeoutMs { get; set; } = 60_000;

    /// <summary>How often a silo writes its I-am-alive time to the table, in ms.</summary>
    public int IAmAliveTablePublishTimeoutMs { get; set; } = 30_000;

    /// <summary>How long a suspicion vote counts, in ms.</summary>
    public int DeathVoteExpirationTimeoutMs { get; set; } = 120_000;

    /// <summary>Returns every problem with these options, formatted for an operator.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        OptionCheck.Range(errors, Key(nameof(ProbeTimeoutMs)), ProbeTimeoutMs, 100, 600_000);
        OptionCheck.Range(errors, Key(nameof(NumMissedProbesLimit)), NumMissedProbesLimit, 1, 100);
        OptionCheck.Range(errors, Key(nameof(NumProbedSilos)), NumProbedSilos, 1, 100);
        OptionCheck.Range(errors, Key(nameof(NumVotesForDeathDeclaration)), NumVotesForDeathDeclaration, 1, 100);
        OptionCheck.Range(errors, Key(nameof(TableRefreshTimeoutMs)), TableRefreshTimeoutMs, 100, 3_600_000);
        OptionCheck.Range(errors, Key(nameof(IAmAliveTablePublishTimeoutMs)), IAmAliveTablePublishTimeoutMs, 100, 3_600_000);
        OptionCheck.Range(errors, Key(nameof(DeathVoteExpirationTimeoutMs)), DeathVoteExpirationTimeoutMs, 1000, 3_600_000);
        if (NumVotesForDeathDeclaration > NumProbedSilos)
        {
            errors.Add(OptionCheck.Error(Key(nameof(NumVotesForDeathDeclaration)), NumVotesForDeathDeclaration, $"at most {Key(nameof(NumProbedSilos))} ({NumProbedSilos})"));
        }

        return errors;
    }

    /// <summary>Copies these values onto Orleans' options.</summary>
    public void ApplyTo(ClusterMembershipOptions membership)
    {
        ArgumentNullException.ThrowIfNull(membership);
        membership.ProbeTimeout = TimeSpan.FromMilliseconds(ProbeTimeoutMs);
        membership.NumMissedProbesLimit = NumMissedProbesLimit;
        membership.NumProbedSilos = NumProbedSilos;
        membership.NumVotesForDeathDeclaration = NumVotesForDeathDeclaration;
        membership.TableRefreshTimeout = TimeSpan.FromMilliseconds(TableRefreshTimeoutMs);
        membership.IAmAliveTablePublishTimeout = TimeSpan.FromMilliseconds(IAmAliveTablePublishTimeoutMs);
        membership.DeathVoteExpirationTimeout = TimeSpan.FromMilliseconds(DeathVoteExpirationTimeoutMs);
    }

    private static string Key(string name) => $"{Section}:{name}";
}
