using Microsoft.Extensions.Logging;
using Orleans.Serialization;
using RealtimeGrains.Scheduling;

namespace RealtimeGrains.Streaming.Processing;

/// <summary>
/// A partition's effects on the world outside it: outputs for other streams (<see cref="EmitChannel"/>) and tasks
/// for the scheduler (<see cref="TaskSubmission"/>). Everything here is written by a checkpoint before it is
/// sent, and sent again until it is acknowledged, with ids that make a second delivery a no-op; task outcomes
/// are polled and handed back to the key that submitted the task, once.
/// </summary>
internal sealed partial class EffectOutbox(
    string stream, int partition, IGrainFactory grains, Serializer serializer, TimeProvider time, ILogger logger)
{
    private const int MaxInFlightPolls = 256;
    private static readonly TimeSpan MinPoll = TimeSpan.FromMilliseconds(2);
    private static readonly TimeSpan MaxPoll = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(5);

    private readonly Dictionary<(string Stream, int Partition), EmitChannel> _channels = [];
    private readonly Dictionary<string, TaskSubmission> _submissions = new(StringComparer.Ordinal);
    private readonly HashSet<string> _changedSubmissions = new(StringComparer.Ordinal);
    private readonly HashSet<string> _removedSubmissions = new(StringComparer.Ordinal);
    private int _pollsInFlight;

    /// <summary>Called (in the grain's turn) with the key and outcome of a finished task.</summary>
    public Action<byte[], TaskOutcome>? OnTaskFinished { get; set; }

    /// <summary>Called when an acknowledgement or outcome changed what the next checkpoint must write.</summary>
    public Action? OnChanged { get; set; }

    /// <summary>Something must be written by the next checkpoint.</summary>
    public bool HasChanges => _changedSubmissions.Count > 0 || _removedSubmissions.Count > 0 || _channels.Values.Any(c => c.Dirty);

    /// <summary>Outputs and submissions not yet acknowledged.</summary>
    /// <summary>Task submissions whose outcome has not been handed back yet.</summary>
    public IReadOnlyCollection<TaskSubmission> Submissions => _submissions.Values;

    public int Pending => _channels.Values.Sum(c => c.Unacked.Count) + _submissions.Count;

    /// <summary>Sealed batches not yet acknowledged (for inspection).</summary>
    internal IEnumerable<StreamBatch> Unacked => _channels.Values.SelectMany(c => c.Unacked);

    public void Emit(DeclaredStream target, byte[] key, byte[] payload, EventMeta meta)
    {
        var targetPartition = target.Partitioner.Partition(key);
        if (!_channels.TryGetValue((target.Definition.Name, targetPartition), out var channel))
        {
            channel = new EmitChannel(target, targetPartition, EmitChannel.ProducerIdOf(stream, partition, target.Definition.Name));
            _channels[(target.Definition.Name, targetPartition)] = channel;
        }

        channel.Add(key, payload, meta);
        channel.Dirty = true;
    }

    public void Submit(string queue, TaskSpec spec, byte[] key)
    {
        var submission = new TaskSubmission { Queue = queue, Spec = spec, Key = key, CreatedAtMs = time.GetUtcNow().ToUnixTimeMilliseconds() };
        _submissions[submission.Id] = submission;
        _changedSubmissions.Add(submission.Id);
        _removedSubmissions.Remove(submission.Id);
    }

    /// <summary>Seals open batches and adds the changed fields to <paramref name="fields"/>; the returned write goes back to <see cref="Committed"/> or <see cref="Failed"/>.</summary>
    public OutboxWrite WriteChanges(Dictionary<string, byte[]?> fields)
    {
        var write = new OutboxWrite();
        foreach (var channel in _channels.Values)
        {
            channel.Seal();
            if (channel.Dirty)
            {
                channel.Dirty = false;
                fields[channel.Field] = channel.Encode(); // kept when empty: sequences continue after a restart
                write.Channels.Add((channel, channel.Sealed));
            }
        }

        foreach (var id in _changedSubmissions)
        {
            if (_submissions.TryGetValue(id, out var submission))
            {
                fields[submission.Field] = Seal(submission);
                write.Submissions.Add(submission);
            }
        }

        foreach (var id in _removedSubmissions)
        {
            fields[TaskSubmission.FieldPrefix + id] = null;
            write.Removed.Add(id);
        }

        _changedSubmissions.Clear();
        _removedSubmissions.Clear();
        return write;
    }

    /// <summary>The checkpoint carrying <paramref name="write"/> is written: what it sealed may be sent now.</summary>
    public void Committed(OutboxWrite write)
    {
        ArgumentNullException.ThrowIfNull(write);
        foreach (var (channel, sealedThrough) in write.Channels)
        {
            channel.Persisted = Math.Max(channel.Persisted, sealedThrough);
        }

        foreach (var submission in write.Submissions)
        {
            submission.Persisted = true;
        }

        Pump();
    }

    /// <summary>The checkpoint carrying <paramref name="write"/> failed: its fields are written by the next one.</summary>
    public void Failed(OutboxWrite write)
    {
        ArgumentNullException.ThrowIfNull(write);
        foreach (var (channel, _) in write.Channels)
        {
            channel.Dirty = true;
        }

        foreach (var submission in write.Submissions)
        {
            if (_submissions.ContainsKey(submission.Id))
            {
                _changedSubmissions.Add(submission.Id);
            }
        }

        foreach (var id in write.Removed)
        {
            if (!_submissions.ContainsKey(id))
            {
                _removedSubmissions.Add(id);
            }
        }
    }

    /// <summary>Loads the outbox from the partition's fields (after a restart everything in it is sent again).</summary>
    public void Load(IReadOnlyDictionary<string, byte[]> fields, Func<string, DeclaredStream?> streams)
    {
        foreach (var (name, value) in fields)
        {
            if (name.StartsWith(EmitChannel.FieldPrefix, StringComparison.Ordinal))
            {
                var target = name[EmitChannel.FieldPrefix.Length..];
                var slash = target.LastIndexOf('/');
                if (slash <= 0 || !int.TryParse(target.AsSpan(slash + 1), out var targetPartition) || streams(target[..slash]) is not { } declared)
                {
                    LogDroppedChannel(logger, stream, partition, target);
                    continue;
                }

                var channel = new EmitChannel(declared, targetPartition, EmitChannel.ProducerIdOf(stream, partition, declared.Definition.Name));
                channel.Decode(value);
                _channels[(declared.Definition.Name, targetPartition)] = channel;
            }
            else if (name.StartsWith(TaskSubmission.FieldPrefix, StringComparison.Ordinal))
            {
                var submission = serializer.Deserialize<TaskSubmission>(State.StateCodec.Unseal(value)) ?? throw new FormatException($"submission field {name} is empty");
                submission.Persisted = true;
                _submissions[submission.Id] = submission;
            }
        }
    }

    private byte[] Seal(TaskSubmission submission) => State.StateCodec.Sealed(serializer.SerializeToArray(submission));

    /// <summary>Sends what is written and due: one batch in flight per channel, submissions, outcome polls.</summary>
    public void Pump()
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        foreach (var channel in _channels.Values)
        {
            if (!channel.InFlight && channel.RetryAtMs <= now && channel.Unacked.Count > 0 && channel.Unacked[0].Sequence <= channel.Persisted)
            {
                SendAsync(channel, channel.Unacked[0]).Ignore();
            }
        }

        foreach (var submission in _submissions.Values)
        {
            if (submission.Persisted && !submission.InFlight && submission.NextAttemptMs <= now)
            {
                if (submission.TaskId is null)
                {
                    SubmitAsync(submission).Ignore();
                }
                else if (_pollsInFlight < MaxInFlightPolls)
                {
                    PollAsync(submission).Ignore();
                }
            }
        }
    }

    private async Task SendAsync(EmitChannel channel, StreamBatch batch)
    {
        channel.InFlight = true;
        try
        {
            await grains.GetGrain<IPartitionGrain>(channel.Target.Definition.PartitionKey(channel.Partition)).Deliver(batch);
            channel.Acknowledged(batch.Sequence);
            OnChanged?.Invoke();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            channel.Failures++;
            channel.RetryAtMs = time.GetUtcNow().ToUnixTimeMilliseconds() + (long)Backoff(channel.Failures).TotalMilliseconds;
            LogDeliveryFailed(logger, stream, partition, channel.Target.Definition.Name, channel.Partition, batch.Sequence, channel.Failures, ex.Message);
        }
        finally
        {
            channel.InFlight = false;
        }

        Pump();
    }

    private static TimeSpan Backoff(int failures) => TimeSpan.FromMilliseconds(Math.Min(MaxBackoff.TotalMilliseconds, 10 * Math.Pow(2, Math.Min(failures, 16))));
}

/// <summary>What one checkpoint wrote of the outbox.</summary>
internal sealed class OutboxWrite
{
    public List<(EmitChannel Channel, long SealedThrough)> Channels { get; } = [];

    public List<TaskSubmission> Submissions { get; } = [];

    public List<string> Removed { get; } = [];
}
